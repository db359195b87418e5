/*
 * test_image — image/elfimg.h and image/artifact.h: an RV64 executable
 * read and listed (segments, entry, the bytes behind an address), the
 * refusals, the build id that ignores debug info, build-artifact lookup
 * and the picture path checks.  The ELFs are test_sym's fixture (linked at
 * 0xffffffff80001000, in build/unit/) and build/workloads/hello.elf with its
 * stripped initrd copy build/initrd/hello (the Makefile builds them).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include "image/artifact.h"
#include "image/elfimg.h"

#define BASE 0xffffffff80001000ull          /* _start in the fixture */

static char path_buf[4096];

static const char *fixture(const char *name)
{
    const char *dir = getenv("SYM_FIXTURE_DIR");
    snprintf(path_buf, sizeof(path_buf), "%s/%s", dir ? dir : "build/unit", name);
    return path_buf;
}

static void test_open(void **state)
{
    struct elfimg e;
    (void)state;
    assert_int_equal(elfimg_open(&e, fixture("sym_fixture.elf")), 0);
    assert_int_equal(e.entry, BASE);
    assert_true(e.nsegs >= 1);
    const struct elfimg_seg *text = NULL;
    for (unsigned i = 0; i < e.nsegs; i++)
        if (BASE - e.seg[i].vaddr < e.seg[i].memsz)
            text = &e.seg[i];
    assert_non_null(text);
    /* _start: two nops (0x00000013), as elf_bytes finds them too. */
    const uint8_t *p = text->bytes + (BASE - text->vaddr);
    assert_memory_equal(p, "\x13\x00\x00\x00\x13\x00\x00\x00", 8);
    assert_ptr_equal(elf_bytes(e.file, e.size, BASE, 8), p);
    assert_null(elf_bytes(e.file, e.size, BASE + 0x100000, 8));          /* past the segment */
    assert_null(elf_bytes(e.file, e.size, BASE, SIZE_MAX));              /* a length that wraps */
    assert_null(elf_bytes(e.file, e.size, UINT64_MAX - 3, 8));            /* an address that wraps */
    elfimg_close(&e);
    assert_null(e.file);
    /* A program's segments (the data one starts past the file's start):
     * each segment's bytes are where libelf says they are. */
    assert_int_equal(elfimg_open(&e, "build/workloads/hello.elf"), 0);
    assert_true(e.nsegs >= 2);
    for (unsigned i = 0; i < e.nsegs; i++)
        assert_ptr_equal(elf_bytes(e.file, e.size, e.seg[i].vaddr, e.seg[i].filesz), e.seg[i].bytes);
    elfimg_close(&e);
}

static void test_refusals(void **state)
{
    struct elfimg e;
    char tmp[] = "/tmp/test_imageXXXXXX";
    int fd = mkstemp(tmp);
    (void)state;
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "not an elf\n", 11), 11);
    close(fd);
    assert_int_equal(elfimg_open(&e, tmp), -1);                    /* "not an ELF file" */
    assert_null(e.file);
    assert_int_equal(e.nsegs, 0);
    assert_int_equal(elfimg_open(&e, "/nonexistent/kernel.elf"), -1);
    assert_int_equal(elfimg_open(&e, "/tmp"), -1);                 /* not a regular file */
    unlink(tmp);
}

static void test_code_id(void **state)
{
    uint8_t *a, *b;
    uint64_t na, nb;
    (void)state;
    /* A program and its initrd copy (objcopy --strip-debug): the same code,
     * so the same id (how the trace tools match a program to its symbols). */
    assert_int_equal(load_file("program", "build/workloads/hello.elf", &a, &na), 0);
    assert_int_equal(load_file(NULL, "build/initrd/hello", &b, &nb), 0);
    assert_true(na > nb);
    assert_int_not_equal(elf_code_id(a, na), 0);
    assert_int_equal(elf_code_id(a, na), elf_code_id(b, nb));
    /* Another program: another id; not an ELF: 0. */
    uint8_t *c;
    uint64_t nc;
    assert_int_equal(load_file(NULL, fixture("sym_fixture.elf"), &c, &nc), 0);
    assert_int_not_equal(elf_code_id(c, nc), elf_code_id(a, na));
    assert_int_equal(elf_code_id((const uint8_t *)"junk", 4), 0);
    free(a);
    free(b);
    free(c);
}

static void test_artifacts(void **state)
{
    char dir[] = "/tmp/test_artifactXXXXXX", path[4200], file[4200];
    const char *kernel = NULL, *initrd = NULL;
    (void)state;
    assert_non_null(mkdtemp(dir));
    setenv("ALPHAVLM_BUILD", dir, 1);
    assert_int_equal(artifact_find("initrd.cpio", path, sizeof(path)), -1);
    assert_int_equal(artifact_find_vlmos(&kernel, &initrd), -1);   /* one line on stderr */
    assert_null(kernel);
    snprintf(file, sizeof(file), "%s/initrd.cpio", dir);
    fclose(fopen(file, "w"));
    assert_int_equal(artifact_find("initrd.cpio", path, sizeof(path)), 0);
    assert_string_equal(path, file);
    assert_int_equal(artifact_find_vlmos(&kernel, &initrd), -1);   /* no kernel */
    char kdir[4200], kfile[4300];
    snprintf(kdir, sizeof(kdir), "%s/guestos", dir);
    snprintf(kfile, sizeof(kfile), "%s/kernel.elf", kdir);
    assert_int_equal(mkdir(kdir, 0700), 0);
    fclose(fopen(kfile, "w"));
    initrd = "given.cpio";                                          /* --initrd stays */
    assert_int_equal(artifact_find_vlmos(&kernel, &initrd), 0);
    assert_string_equal(kernel, kfile);
    assert_string_equal(initrd, "given.cpio");
    initrd = NULL;
    assert_int_equal(artifact_find_vlmos(&kernel, &initrd), 0);
    assert_string_equal(initrd, file);
    unlink(kfile);
    rmdir(kdir);
    assert_int_equal(artifact_find(".", path, sizeof(path)), -1);  /* a directory is no file */
    unlink(file);
    rmdir(dir);
    unsetenv("ALPHAVLM_BUILD");
}

static void test_png_paths(void **state)
{
    (void)state;
    assert_null(png_path_problem("/tmp/x.png"));
    assert_null(png_path_problem("/tmp/x.PNG"));
    assert_null(png_path_problem("x.png"));                         /* the current directory */
    assert_non_null(png_path_problem("/tmp/x.jpg"));
    assert_non_null(png_path_problem(".png"));
    assert_non_null(png_path_problem("/nonexistent/x.png"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open), cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_code_id), cmocka_unit_test(test_artifacts),
        cmocka_unit_test(test_png_paths),
    };
    return cmocka_run_group_tests_name("image", tests, NULL, NULL);
}
