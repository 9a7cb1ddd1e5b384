/* ic_io: capped reads, atomic writes, and the output rules: outputs only
 * replace regular files that are not inputs, never a link, device, FIFO or
 * directory; a file-size limit is an error with no temporary file left. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "formats/file_io.h"
#include "tap.h"

static int has_tmp(const char *dir)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "ls -a %s | grep -q tmp", dir);
    return system(cmd) == 0;
}

static int content_is(const char *path, const char *text)
{
    unsigned char *b;
    size_t n;
    ic_err e;
    if (ic_read_file(path, 1 << 20, &b, &n, &e) != IC_OK)
        return 0;
    int same = n == strlen(text) && memcmp(b, text, n) == 0;
    free(b);
    return same;
}

static void output_rules(const char *dir)
{
    char in[256], t[256], other[256];
    ic_err e;
    ic_err_clear(&e);
    snprintf(in, sizeof in, "%s/in.npy", dir);
    snprintf(other, sizeof other, "%s/other.txt", dir);
    ic_write_atomic(in, "input", 5, &e);
    ic_write_atomic(other, "other", 5, &e);

    snprintf(t, sizeof t, "%s/link.json", dir);
    symlink(other, t);
    ok(ic_write_atomic(t, "x", 1, &e) == IC_EINPUT && strstr(e.msg, "symbolic link") && strstr(e.msg, t) &&
           content_is(other, "other"),
       "a symbolic link is not replaced, nor its target written: %s", e.msg);
    struct stat st;
    ok(lstat(t, &st) == 0 && S_ISLNK(st.st_mode), "the link is still a link");
    snprintf(t, sizeof t, "%s/devnull.json", dir);
    symlink("/dev/null", t);
    ok(ic_write_atomic(t, "x", 1, &e) == IC_EINPUT, "a link to /dev/null is not replaced (as /dev/stdout would be)");
    snprintf(t, sizeof t, "%s/fifo", dir);
    mkfifo(t, 0644);
    ok(ic_write_atomic(t, "x", 1, &e) == IC_EINPUT && strstr(e.msg, "FIFO") && lstat(t, &st) == 0 &&
           S_ISFIFO(st.st_mode),
       "a FIFO is not replaced: %s", e.msg);
    ok(ic_io_check_output("/dev/null", &e) == IC_EINPUT && strstr(e.msg, "character device"),
       "a device is refused: %s", e.msg);
    snprintf(t, sizeof t, "%s/sub", dir);
    mkdir(t, 0755);
    ok(ic_write_atomic(t, "x", 1, &e) == IC_EINPUT && strstr(e.msg, "directory"), "a directory is refused: %s", e.msg);
    snprintf(t, sizeof t, "%s/nodir/x.json", dir);
    ok(ic_io_check_output(t, &e) == IC_EINPUT && strstr(e.msg, "directory does not exist"),
       "a missing directory is found before any work: %s", e.msg);

    /* The input guard. */
    ok(ic_write_atomic(in, "x", 1, &e) == IC_OK, "without the guard an input may be replaced (library default)");
    ic_write_atomic(in, "input", 5, &e);
    ic_io_guard_inputs(1);
    unsigned char *b;
    size_t n;
    ic_read_file(in, 100, &b, &n, &e);
    free(b);
    ok(ic_write_atomic(in, "x", 1, &e) == IC_EINPUT && strstr(e.msg, "input of this command") &&
           content_is(in, "input"),
       "with the guard, a file read is never replaced: %s", e.msg);
    snprintf(t, sizeof t, "%s/hard.npy", dir);
    link(in, t);
    ok(ic_write_atomic(t, "x", 1, &e) == IC_EINPUT, "nor through a hard link (same device and inode)");
    snprintf(t, sizeof t, "%s/./in.npy", dir);
    ok(ic_write_atomic(t, "x", 1, &e) == IC_EINPUT, "nor through another spelling of its path");
    ok(ic_io_note_input(other, &e) == IC_OK && ic_write_atomic(other, "y", 1, &e) == IC_EINPUT,
       "a declared input (not yet read) is protected too");
    snprintf(t, sizeof t, "%s/new.json", dir);
    ok(ic_write_atomic(t, "new", 3, &e) == IC_OK && ic_write_atomic(t, "newer", 5, &e) == IC_OK &&
           content_is(t, "newer"),
       "a regular output that is not an input is written and replaced");
    ic_io_guard_inputs(0);
    ok(ic_write_atomic(other, "y", 1, &e) == IC_OK, "guard off: inputs forgotten");

    /* A file-size limit: EFBIG (SIGXFSZ ignored, as the CLI does), a
     * message, no temporary file. */
    struct rlimit old, lim;
    getrlimit(RLIMIT_FSIZE, &old);
    lim = old;
    lim.rlim_cur = 1000;
    void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
    char big[5000];
    memset(big, 'x', sizeof big);
    snprintf(t, sizeof t, "%s/big.json", dir);
    int rc = setrlimit(RLIMIT_FSIZE, &lim) == 0 ? ic_write_atomic(t, big, sizeof big, &e) : -1;
    setrlimit(RLIMIT_FSIZE, &old);
    signal(SIGXFSZ, prev);
    ok(rc == IC_EINPUT && strstr(e.msg, "file size limit") && access(t, F_OK) != 0 && !has_tmp(dir),
       "over the file-size limit: refused, nothing left behind: %s", e.msg);
}

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

    /* ic_remove_file: a removed file (a checkpoint) is no output, captured
     * or not. */
    char ck[128], keep[128];
    snprintf(ck, sizeof ck, "%s/checkpoint.npy", mem);
    snprintf(keep, sizeof keep, "%s/A.npy", mem);
    ic_capture_begin(&cap, mem, 0);
    ic_write_atomic(keep, "a", 1, &e);
    ic_write_atomic(ck, "ck", 2, &e);
    ic_write_atomic(other, "b", 1, &e);
    ic_remove_file(ck);
    ic_capture_end(&cap);
    ok(cap.n == 1 && strcmp(cap.files[0].name, "A.npy") == 0, "remove during a capture: the file leaves the capture");
    ic_capture_free(&cap);
    snprintf(ck, sizeof ck, "%s/checkpoint.npy", dir);
    ic_capture_begin(&cap, dir, 1);
    ic_write_atomic(ck, "ck", 2, &e);
    ic_remove_file(ck);
    ic_capture_end(&cap);
    ok(cap.n == 0 && stat(ck, &st) != 0, "with tee: gone from the capture and from the disk");
    ic_capture_free(&cap);
    ic_remove_file(ck);
    ok(stat(ck, &st) != 0, "removing a file that is not there is fine");

    output_rules(dir);
    /* ic_io_forget_input: a file read back as the command's own state (a
     * checkpoint) may be written again. */
    char st_path[128];
    snprintf(st_path, sizeof st_path, "%s/state.npy", dir);
    ic_io_guard_inputs(1);
    ic_write_atomic(st_path, "s1", 2, &e);
    ic_read_file(st_path, 100, &buf, &len, &e);
    free(buf);
    ok(ic_write_atomic(st_path, "s2", 2, &e) == IC_EINPUT, "guarded: a file read is not overwritten");
    ic_io_forget_input(st_path);
    ok(ic_write_atomic(st_path, "s2", 2, &e) == IC_OK, "forgotten as an input: written again");
    ic_io_guard_inputs(0);
    /* No temporary files are left behind. */
    char cmd[512];
    snprintf(cmd, sizeof cmd, "ls %s | grep -q tmp", dir);
    ok(system(cmd) != 0, "no temporary files left");
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    ok(system(cmd) == 0, "cleanup");
    return done_testing();
}
