// LD_PRELOAD shim for the power-cut test: models what a disk keeps when the
// power goes. Every fsync/fdatasync of a regular file under
// $IB_POWER_CUT_DIR first copies the file's current contents to
// `<file>.synced`: exactly what that sync guarantees is on stable storage.
// After a kill -9, the test puts each `.synced` copy in place of its file
// (and removes files that were never synced): the database as a power cut
// at that moment would have left it, whatever the page cache still held.
#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

namespace {

pthread_mutex_t copying = PTHREAD_MUTEX_INITIALIZER;

using SyncFn = int (*)(int);

SyncFn next(const char* name) {
    return reinterpret_cast<SyncFn>(dlsym(RTLD_NEXT, name));
}

void snapshot(int fd) {
    const char* dir = std::getenv("IB_POWER_CUT_DIR");
    if (dir == nullptr || *dir == '\0') return;
    struct stat st {};
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return;
    char link[64];
    std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    char target[4096];
    const ssize_t n = readlink(link, target, sizeof target - 1);
    if (n <= 0) return;
    const std::string path(target, static_cast<std::size_t>(n));
    if (path.rfind(std::string(dir) + "/", 0) != 0) return;
    pthread_mutex_lock(&copying);
    // pread on the caller's own descriptor: opening and closing another one
    // on a SQLite file would drop the process's POSIX locks on it.
    const std::string tmp = path + ".synced.tmp";
    const int out = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (out >= 0) {
        char buffer[65536];
        off_t offset = 0;
        for (;;) {
            const ssize_t got = pread(fd, buffer, sizeof buffer, offset);
            if (got <= 0) break;
            if (write(out, buffer, static_cast<std::size_t>(got)) != got) break;
            offset += got;
        }
        close(out);
        rename(tmp.c_str(), (path + ".synced").c_str());
    }
    pthread_mutex_unlock(&copying);
}

}  // namespace

extern "C" int fsync(int fd) {
    static const SyncFn real = next("fsync");
    const int saved = errno;
    snapshot(fd);
    errno = saved;
    return real(fd);
}

extern "C" int fdatasync(int fd) {
    static const SyncFn real = next("fdatasync");
    const int saved = errno;
    snapshot(fd);
    errno = saved;
    return real(fd);
}
