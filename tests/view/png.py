"""png.py — read a PNG (8-bit RGB/RGBA, as SDL2_image writes) into rows of
(r, g, b) pixels, and the checks tests/view/run.sh makes on the live view's
pictures.  Pixels are compared, never bytes.

usage: python3 png.py COMMAND PNG ARGS...
  colour PNG X Y RRGGBB          pixel (X, Y) has that colour (exit 0) or not (1)
  cell PNG GEOM PFN RRGGBB       the grid cell of frame PFN (GEOM: the
                                 view-geometry line) has that colour
  row PNG GEOM itb|dtb SLOT      the TLB slot's row holds text (is not blank)
  size PNG W H                   the picture is W x H
  blank PNG X Y W H              the box holds one colour only (exit 0)
  same PNG OTHER X Y W H         the box is the same in both pictures
  count PNG RRGGBB MIN [MAX]     MIN..MAX pixels have that colour
A PNG argument may also be an X window dump (NAME.xwd, from xwd).
"""
import struct
import sys
import zlib


def read_xwd(data):
    """An X window dump (xwd, version 7, 24/32-bit TrueColor, as Xvfb gives)."""
    f = struct.unpack('>25I', data[:100])
    hsize, w, h, order, bpp, stride, ncolors = f[0], f[4], f[5], f[7], f[11], f[12], f[19]
    if f[1] != 7 or bpp != 32:
        raise ValueError('only 32-bit xwd version 7')
    pos, rows = hsize + 12 * ncolors, []
    for y in range(h):
        line = data[pos + y * stride:pos + y * stride + 4 * w]
        if order == 0:          # LSBFirst: B G R X
            rows.append([(line[4 * x + 2], line[4 * x + 1], line[4 * x]) for x in range(w)])
        else:
            rows.append([(line[4 * x + 1], line[4 * x + 2], line[4 * x + 3]) for x in range(w)])
    return rows


def read(path):
    with open(path, 'rb') as f:
        data = f.read()
    if path.endswith('.xwd'):
        return read_xwd(data)
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        raise ValueError(path + ': not a PNG')
    pos, idat, hdr = 8, b'', None
    while pos < len(data):
        n, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b'IHDR':
            hdr = struct.unpack('>IIBBBBB', body)
        elif kind == b'IDAT':
            idat += body
        pos += 12 + n
    w, h, depth, ctype = hdr[0], hdr[1], hdr[2], hdr[3]
    if depth != 8 or ctype not in (2, 6) or hdr[6]:
        raise ValueError(path + ': only 8-bit RGB/RGBA, not interlaced')
    bpp = 4 if ctype == 6 else 3
    raw, stride, rows, prev = zlib.decompress(idat), w * bpp, [], bytearray(w * bpp)
    for y in range(h):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[x * bpp:x * bpp + 3]) for x in range(w)])
        prev = line
    return rows


def rgb(s):
    v = int(s, 16)
    return (v >> 16, (v >> 8) & 255, v & 255)


def geometry(line):
    """The numbers of a 'view-geometry: grid X Y CS NCX PER FIRST itb X Y dtb X Y row LH' line."""
    f = line.split()
    g = dict(gx=int(f[2]), gy=int(f[3]), cs=int(f[4]), ncx=int(f[5]), per=int(f[6]), first=int(f[7]),
             itb=(int(f[9]), int(f[10])), dtb=(int(f[12]), int(f[13])), lh=int(f[15]))
    return g


def main(argv):
    cmd, img = argv[1], read(argv[2])
    if cmd == 'colour':
        x, y = int(argv[3]), int(argv[4])
        got = img[y][x]
        print('pixel (%d, %d) is %02x%02x%02x' % ((x, y) + got))
        return 0 if got == rgb(argv[5]) else 1
    if cmd == 'cell':
        g, pfn = geometry(argv[3]), int(argv[4], 0)
        i = (pfn - g['first']) // g['per']
        x = g['gx'] + (i % g['ncx']) * g['cs'] + g['cs'] // 2 - (g['cs'] >= 6)
        y = g['gy'] + (i // g['ncx']) * g['cs'] + g['cs'] // 2 - (g['cs'] >= 6)
        got = img[y][x]
        print('frame %#x: cell at (%d, %d) is %02x%02x%02x' % ((pfn, x, y) + got))
        return 0 if got == rgb(argv[5]) else 1
    if cmd == 'row':
        g, slot = geometry(argv[3]), int(argv[5])
        x0, y0 = g['itb'] if argv[4] == 'itb' else g['dtb']
        y = y0 + slot * g['lh']
        box = [img[yy][xx] for yy in range(y + 2, y + g['lh'] - 2) for xx in range(x0 + 50, x0 + 260)]
        n = len(set(box))
        print('%s slot %d: %d colours in its row' % (argv[4], slot, n))
        return 0 if n > 3 else 1
    if cmd == 'size':
        h, w = len(img), len(img[0])
        print('%d x %d' % (w, h))
        return 0 if (w, h) == (int(argv[3]), int(argv[4])) else 1
    if cmd == 'same':           # same A B X Y W H: the boxes of A and B are equal
        other = read(argv[3])
        x, y, w, h = (int(a) for a in argv[4:8])
        diff = sum(img[yy][xx] != other[yy][xx] for yy in range(y, y + h) for xx in range(x, x + w))
        print('%d pixels differ' % diff)
        return 0 if diff == 0 else 1
    if cmd == 'count':          # count PNG RRGGBB MIN [MAX]: pixels of that colour in range
        want = rgb(argv[3])
        n = sum(row.count(want) for row in img)
        lo, hi = int(argv[4]), int(argv[5]) if len(argv) > 5 else 1 << 60
        print('%d pixels of %s (want %d..%d)' % (n, argv[3], lo, hi))
        return 0 if lo <= n <= hi else 1
    if cmd == 'blank':
        x, y, w, h = (int(a) for a in argv[3:7])
        n = len(set(img[yy][xx] for yy in range(y, y + h) for xx in range(x, x + w)))
        print('%d colours' % n)
        return 0 if n == 1 else 1
    print(__doc__)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
