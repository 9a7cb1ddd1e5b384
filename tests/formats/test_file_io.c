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
    /* No temporary files are left behind. */
    char cmd[512];
    snprintf(cmd, sizeof cmd, "ls %s | grep -q tmp", dir);
    ok(system(cmd) != 0, "no temporary files left");
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    ok(system(cmd) == 0, "cleanup");
    return done_testing();
}
