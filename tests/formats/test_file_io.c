#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "formats/file_io.h"
#include "tap.h"

int main(void)
{
    char dir[] = "/tmp/icio-XXXXXX";
    ok(mkdtemp(dir) != NULL, "temporary directory");
    char path[256], sub[256];
    snprintf(path, sizeof path, "%s/a.txt", dir);
    ic_err e;
    ic_err_clear(&e);
    ok(ic_write_atomic(path, "hello\n", 6, &e) == IC_OK, "atomic write");
    unsigned char *buf;
    size_t len;
    ok(ic_read_file(path, 100, &buf, &len, &e) == IC_OK && len == 6 && memcmp(buf, "hello\n", 6) == 0,
       "read back the same bytes");
    free(buf);
    ok(ic_write_atomic(path, "bye", 3, &e) == IC_OK, "atomic replace");
    ok(ic_read_file(path, 100, &buf, &len, &e) == IC_OK && len == 3 && buf[3] == '\0', "replaced, NUL-terminated");
    free(buf);
    ok(ic_read_file(path, 2, &buf, &len, &e) == IC_EINPUT && strstr(e.msg, "exceeds") && strstr(e.msg, path),
       "size cap refused with the path named: %s", e.msg);
    ok(ic_read_file(dir, 100, &buf, &len, &e) == IC_EINPUT && strstr(e.msg, "not a regular file"),
       "directory refused: %s", e.msg);
    snprintf(sub, sizeof sub, "%s/missing", dir);
    ok(ic_read_file(sub, 100, &buf, &len, &e) == IC_EINPUT && strstr(e.msg, "cannot open"), "missing file: %s", e.msg);
    snprintf(sub, sizeof sub, "%s/x/y/z", dir);
    ok(ic_mkdir_p(sub, &e) == IC_OK, "mkdir -p");
    struct stat st;
    ok(stat(sub, &st) == 0 && S_ISDIR(st.st_mode), "nested directory exists");
    ok(ic_mkdir_p(path, &e) == IC_EINPUT, "mkdir -p over a file refused: %s", e.msg);
    snprintf(sub, sizeof sub, "%s/nodir/f", dir);
    ok(ic_write_atomic(sub, "x", 1, &e) == IC_EINPUT && strstr(e.msg, sub), "write into missing dir: %s", e.msg);

    /* Captures (training into memory): files written directly into the
     * capture's directory are kept; others are written as usual. */
    ic_write_capture cap;
    char mem[64], other[128], deep[128];
    snprintf(mem, sizeof mem, "%s/nodir", dir);
    ic_capture_begin(&cap, mem, 0);
    snprintf(sub, sizeof sub, "%s/A.npy", mem);
    ok(ic_write_atomic(sub, "first", 5, &e) == IC_OK, "capture: write into a directory that does not exist");
    ok(ic_write_atomic(sub, "second", 6, &e) == IC_OK, "capture: the same name again");
    snprintf(other, sizeof other, "%s/b.txt", mem);
    ok(ic_write_atomic(other, "", 0, &e) == IC_OK, "capture: an empty file");
    snprintf(deep, sizeof deep, "%s/sub/c.txt", mem);
    ok(ic_write_atomic(deep, "x", 1, &e) == IC_EINPUT, "capture: a file below the directory is not captured: %s",
       e.msg);
    snprintf(other, sizeof other, "%s/outside.txt", dir);
    ok(ic_write_atomic(other, "out", 3, &e) == IC_OK, "capture: a file elsewhere is written");
    ic_capture_end(&cap);
    ok(cap.n == 2 && strcmp(cap.files[0].name, "A.npy") == 0 && cap.files[0].len == 6 &&
           memcmp(cap.files[0].bytes, "second", 6) == 0 && strcmp(cap.files[1].name, "b.txt") == 0 &&
           cap.files[1].len == 0,
       "capture: two files in first-written order, the later A.npy replacing the first");
    ok(stat(mem, &st) != 0, "capture without tee: nothing reached the disk");
    ok(ic_read_file(other, 100, &buf, &len, &e) == IC_OK && len == 3, "the file elsewhere is on disk");
    free(buf);
    ic_capture_free(&cap);
    ok(ic_write_atomic(sub, "x", 1, &e) == IC_EINPUT, "after the capture ends, writes go to the disk again");
    ic_capture_begin(&cap, dir, 1);
    ok(ic_write_atomic(path, "tee", 3, &e) == IC_OK && cap.n == 1, "capture with tee: kept");
    ic_capture_end(&cap);
    ok(ic_read_file(path, 100, &buf, &len, &e) == IC_OK && len == 3 && memcmp(buf, "tee", 3) == 0,
       "capture with tee: and written");
    free(buf);
    ic_capture_free(&cap);

    /* No temporary files are left behind. */
    char cmd[512];
    snprintf(cmd, sizeof cmd, "ls %s | grep -q tmp", dir);
    ok(system(cmd) != 0, "no temporary files left");
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    ok(system(cmd) == 0, "cleanup");
    return done_testing();
}
