/*
 * ray.c — a small ray tracer in double precision (bench/real, docs/bench.md):
 * spheres over a checkered floor, one point light, shadows, two levels of
 * reflection, a W x W/4*3 8-bit grey image.  The scene is mirror-symmetric in
 * x, and so is the camera's pixel grid, so the check is that every pixel
 * equals its mirror pixel (within 1 level), and that the image is not flat.
 * usage: ray [W]   prints "ray checksum=HEX ok", exit 0; else exit 1.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define DEFAULT_W 400

struct v3 { double x, y, z; };
static struct v3 v(double x, double y, double z) { return (struct v3){ x, y, z }; }
static struct v3 add(struct v3 a, struct v3 b) { return v(a.x + b.x, a.y + b.y, a.z + b.z); }
static struct v3 sub(struct v3 a, struct v3 b) { return v(a.x - b.x, a.y - b.y, a.z - b.z); }
static struct v3 scale(struct v3 a, double k) { return v(a.x * k, a.y * k, a.z * k); }
static double dot(struct v3 a, struct v3 b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
static struct v3 norm(struct v3 a) { return scale(a, 1 / sqrt(dot(a, a))); }

struct sphere { struct v3 c; double r, shade, mirror; };
static const struct sphere spheres[] = {     /* mirror pairs, and one on the axis */
    { { 0, 1, -6 }, 1, 0.9, 0.3 },
    { { -2.2, 0.7, -5 }, 0.7, 0.6, 0.5 }, { { 2.2, 0.7, -5 }, 0.7, 0.6, 0.5 },
    { { -1.2, 0.4, -3.6 }, 0.4, 0.8, 0.1 }, { { 1.2, 0.4, -3.6 }, 0.4, 0.8, 0.1 },
    { { -3, 1.5, -9 }, 1.5, 0.5, 0.6 }, { { 3, 1.5, -9 }, 1.5, 0.5, 0.6 },
};
#define NS (int)(sizeof spheres / sizeof spheres[0])
static const struct v3 light = { 0, 6, -2 };

/* Nearest hit along o + t d (t > 1e-6): its t, and which sphere (-1 the floor y=0, -2 none). */
static double hit(struct v3 o, struct v3 d, int *what)
{
    double best = 1e30;
    *what = -2;
    for (int i = 0; i < NS; i++) {
        struct v3 oc = sub(o, spheres[i].c);
        double b = dot(oc, d), c = dot(oc, oc) - spheres[i].r * spheres[i].r, disc = b * b - c;
        if (disc < 0) continue;
        double s = sqrt(disc), t = -b - s;
        if (t < 1e-6) t = -b + s;
        if (t > 1e-6 && t < best) best = t, *what = i;
    }
    if (d.y < 0) {
        double t = -o.y / d.y;
        if (t > 1e-6 && t < best) best = t, *what = -1;
    }
    return best;
}

static double trace(struct v3 o, struct v3 d, int depth)
{
    int what;
    double t = hit(o, d, &what);
    if (what == -2)
        return 0.2 + 0.3 * d.y;                  /* sky */
    struct v3 p = add(o, scale(d, t)), n;
    double base, mirror;
    if (what == -1) {
        n = v(0, 1, 0), mirror = 0.2;
        base = ((int)floor(fabs(p.x) * 1.5) + (int)floor(-p.z * 1.5)) & 1 ? 0.9 : 0.3;
    } else {
        n = norm(sub(p, spheres[what].c)), base = spheres[what].shade, mirror = spheres[what].mirror;
    }
    struct v3 l = sub(light, p);
    double dist = sqrt(dot(l, l)), diff = dot(n, scale(l, 1 / dist)), shade = 0.1;
    int blocker;
    if (diff > 0 && hit(p, scale(l, 1 / dist), &blocker) >= dist)
        shade += 0.9 * diff;
    double c = base * shade;
    if (depth < 2 && mirror > 0)
        c = c * (1 - mirror) + mirror * trace(p, sub(d, scale(n, 2 * dot(d, n))), depth + 1);
    return c;
}

int main(int argc, char **argv)
{
    int w = argc > 1 ? atoi(argv[1]) : DEFAULT_W, h = w * 3 / 4, good = w >= 8;
    uint8_t *img = malloc((size_t)w * (size_t)h);
    uint64_t sum = 14695981039346656037ull;
    int lo = 255, hi = 0;

    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            /* Pixel centres symmetric about x = 0: (2x + 1 - w) / w. */
            struct v3 d = norm(v((2.0 * x + 1 - w) / w, (h - 2.0 * y - 1) / w + 0.15, -1.2));
            double c = trace(v(0, 1.2, 0), d, 0);
            int g = (int)(fmin(fmax(c, 0), 1) * 255 + 0.5);
            img[(size_t)y * w + x] = (uint8_t)g;
            lo = g < lo ? g : lo, hi = g > hi ? g : hi;
        }
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            int a = img[(size_t)y * w + x], b = img[(size_t)y * w + (w - 1 - x)];
            if (abs(a - b) > 1) good = 0;
            sum = (sum ^ (uint64_t)a) * 1099511628211ull;
        }
    good = good && hi - lo > 100;
    printf("ray checksum=%016llx %s\n", (unsigned long long)sum, good ? "ok" : "FAILED");
    return !good;
}
