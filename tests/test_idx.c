/* test_idx.c - IDX reader: valid raw and gzip files, and every malformed-file error */
#include "helpers.h"
#include "xtile/dataset.h"
#include "xtile/err.h"
#include "xtile/idx.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

static char path[256];

/* A 3 x 2 x 2 image file whose bytes are 0..11, with `cut` bytes removed or `extra` added. */
static void write_images(const char *dir, const char *name, long delta, uint32_t count)
{
    uint8_t buf[64];
    uint32_t dims[3] = {count, 2, 2};
    size_t n = th_idx_header(buf, 3, dims);

    for (int i = 0; i < 12; i++)
        buf[n + (size_t)i] = (uint8_t)i;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    th_write(path, buf, (size_t)((long)n + 12 + delta));
}

static void expect_error(const char *file, int code, const char *needle)
{
    struct idx t;
    int ret = idx_load(file, &t);

    cr_assert_eq(ret, -code, "idx_load(%s) returned %d, expected %d", file, ret, -code);
    cr_assert_not_null(strstr(xt_errmsg(), needle), "message '%s' lacks '%s'", xt_errmsg(), needle);
    cr_assert_not_null(strstr(xt_errmsg(), file), "message '%s' does not name the file",
                       xt_errmsg());
    cr_assert_null(t.data);
}

Test(idx, reads_valid_raw_file)
{
    struct idx t;

    write_images(th_tmpdir(), "ok", 0, 3);
    cr_assert_eq(idx_load(path, &t), 0, "%s", xt_errmsg());
    cr_assert_eq(t.rank, 3);
    cr_assert_eq(t.dim[0], 3);
    cr_assert_eq(t.dim[1], 2);
    cr_assert_eq(t.size, 12);
    for (int i = 0; i < 12; i++)
        cr_assert_eq(t.data[i], i);
    idx_free(&t);
}

Test(idx, reads_valid_gzip_file_written_by_idx_save)
{
    uint8_t data[6] = {9, 8, 7, 6, 5, 4};
    struct idx w = {2, {3, 2}, 6, data}, t;

    snprintf(path, sizeof path, "%s/x.gz", th_tmpdir());
    cr_assert_eq(idx_save(path, &w, true), 0, "%s", xt_errmsg());
    cr_assert_eq(idx_load(path, &t), 0, "%s", xt_errmsg());
    cr_assert_eq(t.rank, 2);
    cr_assert_eq(t.dim[1], 2);
    cr_assert_arr_eq(t.data, data, 6);
    idx_free(&t);
    /* it really is gzip: the first bytes are the gzip magic */
    FILE *f = fopen(path, "rb");
    uint8_t m[2];
    cr_assert_eq(fread(m, 1, 2, f), 2);
    fclose(f);
    cr_assert(m[0] == 0x1f && m[1] == 0x8b);
}

Test(idx, truncated_data_is_an_error)
{
    write_images(th_tmpdir(), "short", -5, 3);
    expect_error(path, XT_EFORMAT, "truncated");
}

Test(idx, header_count_larger_than_data_is_an_error)
{
    write_images(th_tmpdir(), "big", 0, 60000);
    expect_error(path, XT_EFORMAT, "truncated");
}

Test(idx, trailing_bytes_are_an_error)
{
    write_images(th_tmpdir(), "long", 3, 3);
    expect_error(path, XT_EFORMAT, "trailing");
}

Test(idx, bad_magic_is_an_error)
{
    const char junk[] = "PK\x03\x04 this is a zip file, not IDX";

    snprintf(path, sizeof path, "%s/zip", th_tmpdir());
    th_write(path, junk, sizeof junk);
    expect_error(path, XT_EFORMAT, "bad magic");
}

Test(idx, rank_outside_1_to_4_is_an_error)
{
    uint8_t buf[64];
    uint32_t dims[5] = {1, 1, 1, 1, 1};
    size_t n = th_idx_header(buf, 5, dims);

    snprintf(path, sizeof path, "%s/rank5", th_tmpdir());
    th_write(path, buf, n + 1);
    expect_error(path, XT_EFORMAT, "rank 5");
    buf[3] = 0;
    th_write(path, buf, 4);
    expect_error(path, XT_EFORMAT, "rank 0");
}

Test(idx, non_byte_type_is_an_error)
{
    uint8_t buf[16] = {0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0};

    snprintf(path, sizeof path, "%s/float", th_tmpdir());
    th_write(path, buf, 12);
    expect_error(path, XT_EFORMAT, "float");
}

Test(idx, empty_file_is_an_error)
{
    snprintf(path, sizeof path, "%s/empty", th_tmpdir());
    th_write(path, "", 0);
    expect_error(path, XT_EFORMAT, "empty");
}

Test(idx, truncated_header_is_an_error)
{
    uint8_t buf[64];
    uint32_t dims[3] = {3, 2, 2};
    size_t n = th_idx_header(buf, 3, dims);

    snprintf(path, sizeof path, "%s/hdr", th_tmpdir());
    th_write(path, buf, n - 3);
    expect_error(path, XT_EFORMAT, "truncated header");
}

Test(idx, zero_dimension_is_an_error)
{
    uint8_t buf[64];
    uint32_t dims[2] = {3, 0};
    size_t n = th_idx_header(buf, 2, dims);

    snprintf(path, sizeof path, "%s/zero", th_tmpdir());
    th_write(path, buf, n);
    expect_error(path, XT_EFORMAT, "dimension 1 is 0");
}

Test(idx, corrupt_gzip_is_an_error)
{
    uint8_t data[4096];
    struct idx w = {1, {4096}, 4096, data};
    uint8_t raw[8192];
    FILE *f;
    size_t n;

    for (int i = 0; i < 4096; i++)
        data[i] = (uint8_t)(i * 7);
    snprintf(path, sizeof path, "%s/bad.gz", th_tmpdir());
    cr_assert_eq(idx_save(path, &w, true), 0);
    f = fopen(path, "rb");
    n = fread(raw, 1, sizeof raw, f);
    fclose(f);
    th_write(path, raw, n / 2); /* cut the compressed stream in half */
    struct idx t;
    cr_assert_lt(idx_load(path, &t), 0);
    cr_assert_null(t.data);
}

Test(idx, missing_file_is_an_io_error)
{
    expect_error("/nonexistent/xtile/file", XT_EIO, "cannot open");
}

Test(dataset, counts_of_images_and_labels_must_agree)
{
    const char *dir = th_tmpdir();
    uint8_t buf[64], labels[2] = {1, 2};
    uint32_t dims[1] = {2};
    struct dataset ds;
    size_t n;

    write_images(dir, "train-images-idx3-ubyte", 0, 3);
    n = th_idx_header(buf, 1, dims);
    memcpy(buf + n, labels, 2);
    snprintf(path, sizeof path, "%s/train-labels-idx1-ubyte", dir);
    th_write(path, buf, n + 2);
    cr_assert_eq(dataset_load(dir, "train", 0, &ds), -XT_EFORMAT);
    cr_assert_not_null(strstr(xt_errmsg(), "3 images but"), "%s", xt_errmsg());
}

Test(dataset, label_outside_0_to_9_is_an_error)
{
    const char *dir = th_tmpdir();
    uint8_t buf[64], labels[3] = {1, 12, 2};
    uint32_t dims[1] = {3};
    struct dataset ds;
    size_t n;

    write_images(dir, "train-images-idx3-ubyte", 0, 3);
    n = th_idx_header(buf, 1, dims);
    memcpy(buf + n, labels, 3);
    snprintf(path, sizeof path, "%s/train-labels-idx1-ubyte", dir);
    th_write(path, buf, n + 3);
    cr_assert_eq(dataset_load(dir, "train", 0, &ds), -XT_EFORMAT);
    cr_assert_not_null(strstr(xt_errmsg(), "label 12"), "%s", xt_errmsg());
    /* and a valid pair loads, with the limit applied */
    labels[1] = 9;
    memcpy(buf + n, labels, 3);
    th_write(path, buf, n + 3);
    cr_assert_eq(dataset_load(dir, "train", 2, &ds), 0, "%s", xt_errmsg());
    cr_assert_eq(ds.n, 2);
    cr_assert_eq(ds.dim, 4);
    cr_assert_eq(ds.y[1], 9);
    dataset_free(&ds);
    cr_assert_eq(dataset_load(dir, "train", 4, &ds), -XT_EINVAL);
}

Test(dataset, images_must_have_rank_3)
{
    const char *dir = th_tmpdir();
    uint8_t buf[64] = {0};
    uint32_t dims[1] = {3};
    struct dataset ds;
    size_t n = th_idx_header(buf, 1, dims);

    snprintf(path, sizeof path, "%s/train-images-idx3-ubyte", dir);
    th_write(path, buf, n + 3);
    snprintf(path, sizeof path, "%s/train-labels-idx1-ubyte", dir);
    th_write(path, buf, n + 3);
    cr_assert_eq(dataset_load(dir, "train", 0, &ds), -XT_EFORMAT);
    cr_assert_not_null(strstr(xt_errmsg(), "rank 1"), "%s", xt_errmsg());
}

Test(dataset, missing_folder_names_the_folder)
{
    struct dataset ds;

    cr_assert_eq(dataset_load("/nonexistent/mnist", "train", 0, &ds), -XT_EIO);
    cr_assert_not_null(strstr(xt_errmsg(), "/nonexistent/mnist"), "%s", xt_errmsg());
}
