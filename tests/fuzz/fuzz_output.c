/* libFuzzer harness: the output rules of ic_write_atomic
 * (src/formats/file_io.h).  The first byte picks what the target is
 * (absent, a regular file, a symbolic link to a regular file, a dangling
 * link, a link to a directory, a directory, a FIFO, a hard link to the
 * input, the input itself, a link to /dev/null), the second whether the
 * input guard is on; the rest is the content to write.  Invariants: the
 * write succeeds exactly when the target is absent or a regular file that
 * is not a guarded input; then the target is a regular file holding the
 * content; otherwise the error is IC_EINPUT naming the target and the
 * target (kind, inode, content) is unchanged; the input is never changed;
 * no temporary file is left. */
#include <dirent.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz_check.h"
#include "formats/file_io.h"

static char dir[64];

static void path_in(char *buf, size_t n, const char *name)
{
    snprintf(buf, n, "%s/%s", dir, name);
}

static void clear_dir(void)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    char p[512];
    while (d && (de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        path_in(p, sizeof p, de->d_name);
        if (unlink(p) != 0)
            rmdir(p);
    }
    if (d)
        closedir(d);
}

static void remove_dir(void)
{
    clear_dir();
    rmdir(dir);
}

static int file_is(const char *path, const void *buf, size_t len)
{
    unsigned char *got;
    size_t glen;
    ic_err e;
    if (ic_read_file(path, len + 1, &got, &glen, &e) != IC_OK)
        return 0;
    int same = glen == len && memcmp(got, buf, len) == 0;
    free(got);
    return same;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/fuzz-output-XXXXXX");
        if (!mkdtemp(dir))
            abort();
        atexit(remove_dir);
    }
    clear_dir();
    int kind = data[0] % 10, guard = data[1] & 1;
    const uint8_t *content = data + 2;
    size_t clen = size - 2;
    char input[256], target[256], other[256], sub[256];
    path_in(input, sizeof input, "input.npy");
    path_in(other, sizeof other, "other");
    path_in(sub, sizeof sub, "subdir");
    static const char in_text[] = "the input";
    ic_err e;
    ic_err_clear(&e);
    ic_io_guard_inputs(0);
    if (ic_write_atomic(input, in_text, sizeof in_text - 1, &e) != IC_OK)
        fuzz_fail("cannot make the input", &e);
    ic_io_guard_inputs(guard);
    unsigned char *ib;
    size_t il;
    if (ic_read_file(input, 100, &ib, &il, &e) != IC_OK) /* registers it when guarded */
        fuzz_fail("cannot read the input", &e);
    free(ib);
    path_in(target, sizeof target, "target");
    int allowed = 1;
    switch (kind) {
    case 0: break;                                              /* absent */
    case 1: if (ic_write_atomic(target, "old", 3, &e)) abort(); break;
    case 2: if (ic_write_atomic(other, "old", 3, &e) || symlink(other, target)) abort(); allowed = 0; break;
    case 3: if (symlink(other, target)) abort(); allowed = 0; break;
    case 4: if (mkdir(sub, 0755) || symlink(sub, target)) abort(); allowed = 0; break;
    case 5: if (mkdir(target, 0755)) abort(); allowed = 0; break;
    case 6: if (mkfifo(target, 0644)) abort(); allowed = 0; break;
    case 7: if (link(input, target)) abort(); allowed = !guard; break;
    case 8: snprintf(target, sizeof target, "%s", input); allowed = !guard; break;
    case 9: if (symlink("/dev/null", target)) abort(); allowed = 0; break;
    }
    struct stat before, after;
    int existed = lstat(target, &before) == 0;
    ic_err_clear(&e);
    int rc = ic_write_atomic(target, content, clen, &e);
    fuzz_check_err(rc, &e, target);
    if ((rc == IC_OK) != allowed)
        fuzz_fail(allowed ? "an allowed output was refused" : "a forbidden output was written", &e);
    if (rc == IC_OK) {
        if (lstat(target, &after) != 0 || !S_ISREG(after.st_mode) || !file_is(target, content, clen))
            fuzz_fail("the output is not a regular file holding the content", &e);
    } else if (existed && (lstat(target, &after) != 0 || after.st_mode != before.st_mode ||
                           after.st_ino != before.st_ino || after.st_size != before.st_size)) {
        fuzz_fail("a refused target was changed", &e);
    }
    if (kind != 8 && !file_is(input, in_text, sizeof in_text - 1))
        fuzz_fail("the input was changed", &e);
    DIR *d = opendir(dir);
    struct dirent *de;
    while (d && (de = readdir(d)))
        if (strstr(de->d_name, ".tmp"))
            fuzz_fail("a temporary file was left", &e);
    if (d)
        closedir(d);
    ic_io_guard_inputs(0);
    clear_dir();
    return 0;
}
