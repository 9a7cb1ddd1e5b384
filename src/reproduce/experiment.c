/* ic_repro_experiment: one experiment from training to manifest, resumable
 * (src/reproduce/experiment.h). */
#include "reproduce/experiment.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "certificates/case_file.h"
#include "certificates/claim.h"
#include "formats/file_io.h"
#include "reproduce/manifest.h"

#define PATH_LEN 512

static int is_dir(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int ic_repro_remove_tree(const char *path, ic_err *err)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT ? IC_OK : ic_err_set(err, IC_EINPUT, "%s: %s", path, strerror(errno));
    if (!S_ISDIR(st.st_mode)) {
        if (unlink(path) != 0)
            return ic_err_set(err, IC_EINPUT, "%s: cannot remove: %s", path, strerror(errno));
        return IC_OK;
    }
    DIR *d = opendir(path);
    if (!d)
        return ic_err_set(err, IC_EINPUT, "%s: cannot open directory", path);
    struct dirent *de;
    int rc = IC_OK;
    while (!rc && (de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        size_t n = strlen(path) + strlen(de->d_name) + 2;
        char *sub = malloc(n);
        if (!sub) {
            rc = ic_err_set(err, IC_EINTERNAL, "out of memory");
            break;
        }
        snprintf(sub, n, "%s/%s", path, de->d_name);
        rc = ic_repro_remove_tree(sub, err);
        free(sub);
    }
    closedir(d);
    if (!rc && rmdir(path) != 0)
        rc = ic_err_set(err, IC_EINPUT, "%s: cannot remove: %s", path, strerror(errno));
    return rc;
}

/* Removes the temporary files (NAME.tmpXXXXXX) a killed atomic write left
 * in dir: they are not outputs. */
static void remove_temporaries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    while (d && (de = readdir(d)) != NULL) {
        size_t n = strlen(de->d_name);
        if (n > 10 && strncmp(de->d_name + n - 10, ".tmp", 4) == 0) {
            char p[PATH_LEN + 256];
            snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
            (void)unlink(p);
        }
    }
    if (d)
        closedir(d);
}

/* 1 when the file at path holds exactly text. */
static int file_is(const char *path, const char *text)
{
    unsigned char *buf;
    size_t len;
    ic_err err;
    int rc = ic_read_file(path, (size_t)1 << 20, &buf, &len, &err);
    ic_io_forget_input(path);  /* the run's own record, not an input */
    if (rc != IC_OK)
        return 0;
    int same = len == strlen(text) && memcmp(buf, text, len) == 0;
    free(buf);
    return same;
}

/* The parameter set of e's trainer (mode "train") or, for an experiment
 * that copies its inputs, of the compare its case runs (file parameters
 * by the names the case gives them). */
static int exp_params(ic_param_set *p, const ic_repro_exp *e, const ic_claim *c, int resume,
                      const ic_repro_run_opts *o, int *resumed, ic_err *err)
{
    const char *mode = e->trains ? "train" : "compare";
    const ic_param_spec *spec = ic_claim_params(c, mode);
    if (!spec)
        return ic_err_set(err, IC_EINTERNAL, "%s: claim '%s' has no %s mode", e->name, c->id, mode);
    int rc = ic_param_init(p, spec, err);
    if (rc)
        return rc;
    for (size_t i = 0; !rc && i < e->np; i++)
        rc = ic_param_set_value(p, e->p[i].key, e->p[i].value, e->name, err);
    /* resume and threads change how, not what: only for trainers that
     * declare them */
    if (!rc && e->trains && resume && ic_param_find(p, "resume")) {
        rc = ic_param_set_value(p, "resume", "yes", e->name, err);
        *resumed = 1;
    }
    if (!rc && e->trains && o->threads > 0 && ic_param_find(p, "threads")) {
        char t[32];
        snprintf(t, sizeof t, "%ld", o->threads);
        rc = ic_param_set_value(p, "threads", t, e->name, err);
    }
    if (!rc)
        rc = ic_param_check_required(p, e->name, err);
    return rc;
}

int ic_repro_experiment_check(const ic_repro_exp *e, const ic_repro_run_opts *o, ic_err *err)
{
    const ic_claim *c = ic_claim_find(e->claim);
    if (!c)
        return ic_err_set(err, IC_EINTERNAL, "%s: unknown claim '%s'", e->name, e->claim);
    ic_param_set p = { 0 };
    int resumed = 0;
    int rc = exp_params(&p, e, c, 0, o, &resumed, err);
    if (!rc)
        rc = ic_claim_precheck(c, e->trains ? "train" : "compare", &p, e->name, err);
    ic_param_clear(&p);
    return rc;
}

static int train(const ic_repro_exp *e, const ic_claim *c, const char *stage, int resume,
                 const ic_repro_run_opts *o, int *resumed, ic_err *err)
{
    if (!c->train)
        return ic_err_set(err, IC_EINTERNAL, "%s: claim '%s' has no trainer", e->name, c->id);
    ic_param_set p = { 0 };
    int rc = exp_params(&p, e, c, resume, o, resumed, err);
    if (!rc)
        rc = c->train(&p, stage, err);
    ic_param_clear(&p);
    return rc;
}

/* Hard link (the inputs are never written in place), else a copy. */
static int copy_file(const char *src, const char *dst, ic_err *err)
{
    (void)unlink(dst);
    if (linkat(AT_FDCWD, src, AT_FDCWD, dst, AT_SYMLINK_FOLLOW) == 0)
        return IC_OK;
    unsigned char *buf;
    size_t len;
    int rc = ic_read_file(src, ((size_t)1 << 31) - 1, &buf, &len, err);
    if (rc)
        return rc;
    rc = ic_write_atomic(dst, buf, len, err);
    free(buf);
    return rc;
}

/* Figure 4: the compare inputs go into the run directory beside a case
 * file naming them, as a trainer's outputs would. */
static int copy_inputs(const ic_repro_exp *e, const char *stage, ic_err *err)
{
    size_t cap = 512;
    for (size_t i = 0; i < e->np; i++)
        cap += strlen(e->p[i].key) + strlen(e->p[i].value) + 8;
    char *cs = malloc(cap);
    if (!cs)
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    size_t len = (size_t)snprintf(cs, cap,
                                  "# Written by `icalcheck reproduce`: the inputs of %s, copied here.\n"
                                  "claim = %s\nmode = compare\nexpect = %s\n",
                                  e->name, e->claim, e->expect);
    int rc = IC_OK;
    for (size_t i = 0; !rc && i < e->np; i++) {
        if (e->p[i].source) {
            char dst[PATH_LEN + 64];
            snprintf(dst, sizeof dst, "%s/%s", stage, e->p[i].value);
            rc = copy_file(e->p[i].source, dst, err);
        }
        len += (size_t)snprintf(cs + len, cap - len, "%s = %s\n", e->p[i].key, e->p[i].value);
    }
    if (!rc) {
        char path[PATH_LEN + 64];
        snprintf(path, sizeof path, "%s/%s", stage, e->case_file);
        rc = ic_write_atomic(path, cs, len, err);
    }
    free(cs);
    return rc;
}

static int certify(const ic_repro_exp *e, const char *final, char *verdict, ic_err *err)
{
    char path[PATH_LEN + 64];
    snprintf(path, sizeof path, "%s/%s", final, e->case_file);
    ic_case cs;
    int rc = ic_case_load(&cs, path, err);
    if (!rc && (strcmp(cs.claim->id, e->claim) != 0 || strcmp(cs.mode, "compare") != 0))
        rc = ic_err_set(err, IC_EINTERNAL, "%s: not a compare case of claim %s", path, e->claim);
    ic_cert *cert = NULL;
    if (!rc)
        rc = ic_claim_run(cs.claim, "compare", &cs.params, cs.path, &cert, err);
    if (!rc) {
        ic_cert_set_expect(cert, e->expect);
        snprintf(path, sizeof path, "certificates/%s.json", e->name);
        rc = ic_cert_write(cert, path, err);
    }
    if (!rc)
        snprintf(verdict, 16, "%s", ic_cert_verdict(cert));
    ic_cert_free(cert);
    ic_case_free(&cs);
    return rc;
}

/* Holds .partial/NAME.lock (fcntl, released when the process dies): two
 * processes never work on one experiment at once. */
static int lock_experiment(const ic_repro_exp *e, char *lockp, size_t n, int *fd, ic_err *err)
{
    snprintf(lockp, n, ".partial/%s.lock", e->name);
    *fd = open(lockp, O_CREAT | O_RDWR, 0644);
    if (*fd < 0)
        return ic_err_set(err, IC_EINPUT, "%s: cannot create: %s", lockp, strerror(errno));
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    if (fcntl(*fd, F_SETLK, &fl) != 0) {
        close(*fd);
        *fd = -1;
        return ic_err_set(err, IC_EINPUT, "another icalcheck process is running this experiment (%s)", lockp);
    }
    return IC_OK;
}

static int run_locked(const ic_repro_exp *e, const ic_claim *c, const ic_repro_run_opts *o, char *verdict,
                      int *resumed, ic_err *err)
{
    char stage[PATH_LEN], final[PATH_LEN], path[PATH_LEN + 16];
    snprintf(stage, sizeof stage, ".partial/%s", e->name);
    snprintf(final, sizeof final, "runs/%s", e->name);
    char *ident = ic_repro_identity(e);
    if (!ident)
        return ic_err_set(err, IC_EINTERNAL, "out of memory");
    /* The old manifest no longer describes what follows.  Where there was
     * one, the caller found it failing (files changed): runs/NAME is not
     * to be trusted and is trained again. */
    ic_repro_manifest_path(path, sizeof path, e);
    int had_manifest = unlink(path) == 0;
    int rc = IC_OK, trained = 0;
    if (is_dir(final)) {
        /* finished training whose certificate was not written yet (killed
         * between the rename and the manifest) */
        snprintf(path, sizeof path, "%s/plan.txt", final);
        trained = !had_manifest && file_is(path, ident);
        if (!trained)
            rc = ic_repro_remove_tree(final, err);
    }
    if (!rc && !trained) {
        int resume = 0;
        snprintf(path, sizeof path, "%s/plan.txt", stage);
        if (is_dir(stage)) {
            resume = e->trains && file_is(path, ident);
            if (resume)
                remove_temporaries(stage);
            else
                rc = ic_repro_remove_tree(stage, err);
        }
        if (!rc)
            rc = ic_mkdir_p(stage, err);
        if (!rc && !resume)
            rc = ic_write_atomic(path, ident, strlen(ident), err);
        if (!rc)
            rc = e->trains ? train(e, c, stage, resume, o, resumed, err) : copy_inputs(e, stage, err);
        if (!rc && rename(stage, final) != 0)
            rc = ic_err_set(err, IC_EINPUT, "%s: cannot rename to %s: %s", stage, final, strerror(errno));
    }
    free(ident);
    if (!rc)
        rc = certify(e, final, verdict, err);
    if (!rc)
        rc = ic_repro_manifest_write(e, verdict, err);
    return rc;
}

int ic_repro_experiment_run(const ic_repro_exp *e, const ic_repro_run_opts *o, char *verdict, int *resumed,
                            ic_err *err)
{
    int dummy = 0;
    if (!resumed)
        resumed = &dummy;
    *resumed = 0;
    const ic_claim *c = ic_claim_find(e->claim);
    if (!c)
        return ic_err_set(err, IC_EINTERNAL, "%s: unknown claim '%s'", e->name, e->claim);
    const char *dirs[] = { ".partial", "runs", "certificates", "manifest" };
    for (size_t i = 0; i < 4; i++) {
        int rc = ic_mkdir_p(dirs[i], err);
        if (rc)
            return rc;
    }
    char lockp[PATH_LEN], why[600];
    int fd, rc = lock_experiment(e, lockp, sizeof lockp, &fd, err);
    /* done meanwhile by the process that held the lock */
    if (!rc && !ic_repro_manifest_check(e, verdict, why, sizeof why))
        rc = run_locked(e, c, o, verdict, resumed, err);
    if (fd >= 0) {
        (void)unlink(lockp);
        close(fd);
    }
    if (rc)
        ic_err_prefix(err, "%s", e->name);
    return rc;
}
