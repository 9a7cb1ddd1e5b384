/* ic_ckpt: training checkpoints as tagged float64 .npy vectors
 * (src/training/checkpoint.h). */
#include "training/checkpoint.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "certificates/certificate.h"
#include "formats/file_io.h"
#include "formats/npy.h"

double ic_ckpt_tag_params(const ic_param_set *p, const char *const *ignore)
{
    size_t len = 0, cap = 256;
    char *s = malloc(cap);
    for (size_t i = 0; s && i < ic_param_count(p); i++) {
        const ic_param_spec *sp = ic_param_spec_at(p, i);
        int skip = 0;
        for (const char *const *q = ignore; q && *q; q++)
            skip |= strcmp(*q, sp->name) == 0;
        const char *v = ic_param_get(p, sp->name);
        if (skip || !v)
            continue;
        size_t need = strlen(sp->name) + strlen(v) + 3;
        if (len + need > cap) {
            cap = 2 * (len + need);
            char *t = realloc(s, cap);
            if (!t) {
                free(s);
                s = NULL;
                break;
            }
            s = t;
        }
        len += (size_t)snprintf(s + len, cap - len, "%s=%s\n", sp->name, v);
    }
    char hex[65];
    ic_cert_sha256_hex((const unsigned char *)(s ? s : ""), s ? len : 0, hex);
    free(s);
    hex[13] = '\0';  /* 13 hex digits: 52 bits */
    return (double)strtoull(hex, NULL, 16);
}

int ic_ckpt_write(const char *path, double tag, const double *payload, size_t n, ic_err *err)
{
    double *v = malloc((n + 3) * sizeof *v);
    if (!v)
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    v[0] = IC_CKPT_MAGIC;
    v[1] = IC_CKPT_VERSION;
    v[2] = tag;
    if (n)
        memcpy(v + 3, payload, n * sizeof *v);
    size_t shape[1] = { n + 3 };
    int rc = ic_npy_write(path, v, 1, shape, 0, err);
    free(v);
    /* The tests that kill a run after a checkpoint and resume it need the
     * kill to land mid-run on any machine: a run that finished before the
     * kill tests nothing, and on a fast machine a short run can end between
     * two polls.  With ICALCHECK_STOP_AFTER_CHECKPOINT set the process
     * stops itself (SIGSTOP, every thread) once the checkpoint is in
     * place, and waits there for the SIGKILL (doc/robustness.md). */
    const char *stop = getenv("ICALCHECK_STOP_AFTER_CHECKPOINT");
    if (rc == IC_OK && stop && *stop)
        raise(SIGSTOP);
    return rc;
}

int ic_ckpt_read(const char *path, double tag, double **payload, size_t *n, ic_err *err)
{
    *payload = NULL;
    *n = 0;
    struct stat st;
    if (stat(path, &st) != 0 && errno == ENOENT)
        return IC_OK;
    ic_npy_array a;
    ic_npy_opts o = { (size_t)1 << 34, 0 };
    int rc = ic_npy_read(&a, path, &o, err);
    /* the run's own state, written again at its next checkpoint */
    ic_io_forget_input(path);
    if (rc)
        return rc;
    if (a.ndim != 1 || a.size < 3 || strcmp(a.dtype, "<f8") != 0 || a.data[0] != IC_CKPT_MAGIC ||
        a.data[1] != IC_CKPT_VERSION) {
        ic_npy_free(&a);
        return ic_err_set(err, IC_EINPUT, "%s: not an icalcheck checkpoint", path);
    }
    if (a.data[2] != tag) {
        ic_npy_free(&a);
        return ic_err_set(err, IC_EINPUT,
                          "%s: checkpoint of a run with other options; remove it or train without --resume",
                          path);
    }
    *n = a.size - 3;
    *payload = malloc((*n ? *n : 1) * sizeof **payload);
    if (!*payload) {
        ic_npy_free(&a);
        *n = 0;
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    }
    memcpy(*payload, a.data + 3, *n * sizeof **payload);
    ic_npy_free(&a);
    return IC_OK;
}

void ic_ckpt_remove(const char *path)
{
    ic_remove_file(path);
    /* A run killed while writing a checkpoint leaves ic_write_atomic's
     * temporary file (PATH.tmpXXXXXX) behind: remove those too. */
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t dl = slash ? (size_t)(slash - path) : 0, bl = strlen(base);
    char *dir = slash ? strndup(path, dl ? dl : 1) : strdup(".");
    DIR *d = dir ? opendir(dir) : NULL;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, base, bl) != 0 || strlen(e->d_name) != bl + 10 ||
            strncmp(e->d_name + bl, ".tmp", 4) != 0)
            continue;
        size_t n = strlen(dir) + strlen(e->d_name) + 2;
        char *f = malloc(n);
        if (f) {
            snprintf(f, n, "%s/%s", dir, e->d_name);
            (void)unlink(f);
            free(f);
        }
    }
    if (d)
        closedir(d);
    free(dir);
}
