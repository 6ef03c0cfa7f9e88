// The system calls Node cannot make: SOCK_SEQPACKET socketpairs and listening sockets, pipes, sendmsg/recvmsg with
// SCM_RIGHTS, fd inspection, readiness polling on the libuv loop, and spawning with posix_spawn (no
// fork of Node's whole address space) with a pidfd to observe and reap the child. Every fd is created CLOEXEC,
// EINTR is retried here, and every other failure is returned as -errno for TypeScript to wrap.
#include <napi.h>
#include <uv.h>

#include <cerrno>
#include <cstring>
#include <csignal>
#include <fcntl.h>
#include <sched.h>
#include <spawn.h>
#include <pthread.h>
#include <climits>
#include <cstdlib>
#include <string>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>
#include <vector>

// Older headers may lack them; the kernel numbers are fixed (pidfds: Linux 5.3, waitid P_PIDFD: 5.4).
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef P_PIDFD
#define P_PIDFD 3
#endif

namespace {

// Upper bound on fds accepted in one packet; the kernel caps SCM_RIGHTS at 253 (SCM_MAX_FD).
constexpr int kMaxFds = 253;

Napi::Value Errno(Napi::Env env) { return Napi::Number::New(env, -errno); }

int ArgInt(const Napi::CallbackInfo& info, size_t i) {
  if (info.Length() <= i || !info[i].IsNumber()) {
    Napi::TypeError::New(info.Env(), "argument " + std::to_string(i) + " must be a number")
        .ThrowAsJavaScriptException();
    return -1;
  }
  return info[i].As<Napi::Number>().Int32Value();
}

// socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC) -> [fd, fd] | -errno
Napi::Value Socketpair(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) return Errno(env);
  Napi::Array out = Napi::Array::New(env, 2);
  out.Set(uint32_t(0), sv[0]);
  out.Set(uint32_t(1), sv[1]);
  return out;
}

// socket() -> a fresh socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC) | -errno, for bind+listen or connect.
Napi::Value Socket(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
  return fd < 0 ? Errno(env) : Napi::Number::New(env, fd);
}

// Fills a sockaddr_un from a path argument; false (with a JS exception) when it does not fit.
bool UnixAddress(const Napi::CallbackInfo& info, size_t i, struct sockaddr_un* addr) {
  if (info.Length() <= i || !info[i].IsString()) {
    Napi::TypeError::New(info.Env(), "argument " + std::to_string(i) + " must be a path").ThrowAsJavaScriptException();
    return false;
  }
  std::string path = info[i].As<Napi::String>().Utf8Value();
  memset(addr, 0, sizeof(*addr));
  addr->sun_family = AF_UNIX;
  if (path.empty() || path.size() >= sizeof(addr->sun_path)) {
    Napi::RangeError::New(info.Env(), "socket path empty or longer than sun_path").ThrowAsJavaScriptException();
    return false;
  }
  memcpy(addr->sun_path, path.data(), path.size());
  return true;
}

// bind(fd, path) -> 0 | -errno
Napi::Value Bind(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ArgInt(info, 0);
  if (env.IsExceptionPending()) return env.Undefined();
  struct sockaddr_un addr;
  if (!UnixAddress(info, 1, &addr)) return env.Undefined();
  if (bind(fd, reinterpret_cast<struct sockaddr*>(&addr), sizeof(addr)) < 0) return Errno(env);
  return Napi::Number::New(env, 0);
}

// listen(fd, backlog) -> 0 | -errno
Napi::Value Listen(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ArgInt(info, 0);
  int backlog = ArgInt(info, 1);
  if (env.IsExceptionPending()) return env.Undefined();
  if (listen(fd, backlog) < 0) return Errno(env);
  return Napi::Number::New(env, 0);
}

// accept(fd) -> the connection's fd (CLOEXEC) | -errno; -EAGAIN when none waits on a non-blocking fd.
Napi::Value Accept(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ArgInt(info, 0);
  if (env.IsExceptionPending()) return env.Undefined();
  int got;
  do got = accept4(fd, nullptr, nullptr, SOCK_CLOEXEC);
  while (got < 0 && errno == EINTR);
  return got < 0 ? Errno(env) : Napi::Number::New(env, got);
}

// connect(fd, path) -> 0 | -errno
Napi::Value Connect(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ArgInt(info, 0);
  if (env.IsExceptionPending()) return env.Undefined();
  struct sockaddr_un addr;
  if (!UnixAddress(info, 1, &addr)) return env.Undefined();
  int rc;
  do rc = connect(fd, reinterpret_cast<struct sockaddr*>(&addr), sizeof(addr));
  while (rc < 0 && errno == EINTR);
  if (rc < 0) return Errno(env);
  return Napi::Number::New(env, 0);
}

// pipe2(O_CLOEXEC) -> [readFd, writeFd] | -errno
Napi::Value Pipe(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int p[2];
  if (pipe2(p, O_CLOEXEC) < 0) return Errno(env);
  Napi::Array out = Napi::Array::New(env, 2);
  out.Set(uint32_t(0), p[0]);
  out.Set(uint32_t(1), p[1]);
  return out;
}

// close(fd) -> 0 | -errno. EINTR is not retried: on Linux the fd is released anyway.
Napi::Value Close(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ArgInt(info, 0);
  if (env.IsExceptionPending()) return env.Undefined();
  if (close(fd) < 0 && errno != EINTR) return Errno(env);
  return Napi::Number::New(env, 0);
}

// sendmsg(fd, data: Buffer, fds: number[]) -> bytes sent | -errno. Never blocks (MSG_DONTWAIT).
Napi::Value Sendmsg(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ArgInt(info, 0);
  if (env.IsExceptionPending()) return env.Undefined();
  if (info.Length() < 3 || !info[1].IsBuffer() || !info[2].IsArray()) {
    Napi::TypeError::New(env, "sendmsg(fd, Buffer, number[])").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  auto data = info[1].As<Napi::Buffer<uint8_t>>();
  auto arr = info[2].As<Napi::Array>();
  std::vector<int> fds;
  for (uint32_t i = 0; i < arr.Length(); i++) fds.push_back(arr.Get(i).As<Napi::Number>().Int32Value());

  struct iovec iov = {data.Data(), data.Length()};
  struct msghdr msg = {};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  std::vector<char> control;
  if (!fds.empty()) {
    control.assign(CMSG_SPACE(sizeof(int) * fds.size()), 0);
    msg.msg_control = control.data();
    msg.msg_controllen = control.size();
    struct cmsghdr* cm = CMSG_FIRSTHDR(&msg);
    cm->cmsg_level = SOL_SOCKET;
    cm->cmsg_type = SCM_RIGHTS;
    cm->cmsg_len = CMSG_LEN(sizeof(int) * fds.size());
    memcpy(CMSG_DATA(cm), fds.data(), sizeof(int) * fds.size());
  }
  ssize_t n;
  do n = sendmsg(fd, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
  if (n < 0) return Errno(env);
  return Napi::Number::New(env, double(n));
}

// recvmsg(fd, buffer, maxFds, meta: Int32Array) -> the packet's real length | -errno. Never blocks.
// Receives into the caller's (reused) buffer, and the rest into the caller's (reused) `meta`: [0] the
// flags (1: the packet was truncated, 2: its fds were), [1] how many fds came, [2…] the fds. No object
// is made here: a round trip pays for every one, and the caller copies only the bytes it keeps. The
// length is the real one (MSG_TRUNC), so an oversized packet is measurable.
Napi::Value Recvmsg(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ArgInt(info, 0);
  if (env.IsExceptionPending()) return env.Undefined();
  if (info.Length() < 4 || !info[1].IsBuffer() || !info[3].IsTypedArray() ||
      info[3].As<Napi::TypedArray>().TypedArrayType() != napi_int32_array) {
    Napi::TypeError::New(env, "recvmsg(fd, Buffer, maxFds, Int32Array)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  auto buf = info[1].As<Napi::Buffer<uint8_t>>();
  auto meta = info[3].As<Napi::Int32Array>();
  int maxFds = ArgInt(info, 2);
  if (env.IsExceptionPending()) return env.Undefined();
  if (maxFds < 0 || maxFds > kMaxFds || meta.ElementLength() < size_t(2 + maxFds)) {
    Napi::RangeError::New(env, "recvmsg: maxFds out of range, or no room for them in meta").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  alignas(struct cmsghdr) char control[CMSG_SPACE(sizeof(int) * kMaxFds)];
  struct iovec iov = {buf.Data(), buf.Length()};
  struct msghdr msg = {};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = maxFds > 0 ? CMSG_SPACE(sizeof(int) * maxFds) : 0;
  ssize_t n;
  do n = recvmsg(fd, &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC | MSG_TRUNC);
  while (n < 0 && errno == EINTR);
  if (n < 0) return Errno(env);

  int32_t* out = meta.Data();
  int32_t nfds = 0;
  for (struct cmsghdr* cm = CMSG_FIRSTHDR(&msg); cm != nullptr; cm = CMSG_NXTHDR(&msg, cm)) {
    if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS) continue;
    size_t count = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    unsigned char* p = CMSG_DATA(cm);
    // The kernel never hands over more than the control buffer holds; the bound guards meta all the same.
    for (size_t i = 0; i < count && nfds < maxFds; i++) memcpy(&out[2 + nfds++], p + i * sizeof(int), sizeof(int));
  }
  out[0] = ((msg.msg_flags & MSG_TRUNC) != 0 ? 1 : 0) | ((msg.msg_flags & MSG_CTRUNC) != 0 ? 2 : 0);
  out[1] = nfds;
  return Napi::Number::New(env, double(n));
}

// read(fd, buffer, offset, length) -> bytes read (0 at EOF) | -errno. Fills the caller's buffer so a
// stream of reads allocates nothing; the caller sets O_NONBLOCK first.
Napi::Value Read(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ArgInt(info, 0);
  if (env.IsExceptionPending()) return env.Undefined();
  if (info.Length() < 4 || !info[1].IsBuffer()) {
    Napi::TypeError::New(env, "read(fd, Buffer, offset, length)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  auto buf = info[1].As<Napi::Buffer<uint8_t>>();
  int64_t offset = info[2].As<Napi::Number>().Int64Value();
  int64_t length = info[3].As<Napi::Number>().Int64Value();
  if (offset < 0 || length <= 0 || size_t(offset + length) > buf.Length()) {
    Napi::RangeError::New(env, "read: offset/length outside the buffer").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  ssize_t n;
  do n = read(fd, buf.Data() + offset, size_t(length));
  while (n < 0 && errno == EINTR);
  if (n < 0) return Errno(env);
  return Napi::Number::New(env, double(n));
}

// write(fd, data) -> bytes written | -errno
Napi::Value Write(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ArgInt(info, 0);
  if (env.IsExceptionPending()) return env.Undefined();
  if (info.Length() < 2 || !info[1].IsBuffer()) {
    Napi::TypeError::New(env, "write(fd, Buffer)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  auto data = info[1].As<Napi::Buffer<uint8_t>>();
  ssize_t n;
  do n = write(fd, data.Data(), data.Length());
  while (n < 0 && errno == EINTR);
  if (n < 0) return Errno(env);
  return Napi::Number::New(env, double(n));
}

// setNonBlocking(fd, on) -> 0 | -errno
Napi::Value SetNonBlocking(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ArgInt(info, 0);
  if (env.IsExceptionPending()) return env.Undefined();
  bool on = info.Length() > 1 && info[1].ToBoolean().Value();
  int fl = fcntl(fd, F_GETFL);
  if (fl < 0) return Errno(env);
  int want = on ? (fl | O_NONBLOCK) : (fl & ~O_NONBLOCK);
  if (want != fl && fcntl(fd, F_SETFL, want) < 0) return Errno(env);
  return Napi::Number::New(env, 0);
}

// setPipeSize(fd, bytes) -> the new capacity | -errno (fcntl F_SETPIPE_SZ)
Napi::Value SetPipeSize(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ArgInt(info, 0);
  int size = ArgInt(info, 1);
  if (env.IsExceptionPending()) return env.Undefined();
  int got = fcntl(fd, F_SETPIPE_SZ, size);
  return got < 0 ? Errno(env) : Napi::Number::New(env, got);
}

// shutdown(fd, how) -> 0 | -errno; how: 0 read, 1 write, 2 both
Napi::Value Shutdown(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ArgInt(info, 0);
  int how = ArgInt(info, 1);
  if (env.IsExceptionPending()) return env.Undefined();
  if (shutdown(fd, how) < 0) return Errno(env);
  return Napi::Number::New(env, 0);
}

// queuedBytes(fd) -> [in, out] | -errno (ioctl SIOCINQ, SIOCOUTQ): bytes waiting to be read on this
// socket, and bytes it sent that its peer has not read yet.
Napi::Value QueuedBytes(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ArgInt(info, 0);
  if (env.IsExceptionPending()) return env.Undefined();
  int in = 0;
  int out = 0;
  if (ioctl(fd, SIOCINQ, &in) < 0 || ioctl(fd, SIOCOUTQ, &out) < 0) return Errno(env);
  Napi::Array both = Napi::Array::New(env, 2);
  both.Set(0u, Napi::Number::New(env, in));
  both.Set(1u, Napi::Number::New(env, out));
  return both;
}

// fstat(fd) -> {type, access, cloexec, nonblock} | -errno: what a check needs to know of a passed fd.
Napi::Value Fstat(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ArgInt(info, 0);
  if (env.IsExceptionPending()) return env.Undefined();
  struct stat st;
  if (fstat(fd, &st) < 0) return Errno(env);
  int fl = fcntl(fd, F_GETFL);
  if (fl < 0) return Errno(env);
  int fdfl = fcntl(fd, F_GETFD);
  if (fdfl < 0) return Errno(env);
  const char* type = "unknown";
  switch (st.st_mode & S_IFMT) {
    case S_IFIFO: type = "fifo"; break;
    case S_IFSOCK: type = "socket"; break;
    case S_IFREG: type = "file"; break;
    case S_IFDIR: type = "directory"; break;
    case S_IFCHR: type = "char"; break;
    case S_IFBLK: type = "block"; break;
    case S_IFLNK: type = "symlink"; break;
  }
  const char* access = "none";
  switch (fl & O_ACCMODE) {
    case O_RDONLY: access = "read"; break;
    case O_WRONLY: access = "write"; break;
    case O_RDWR: access = "read-write"; break;
  }
  Napi::Object out = Napi::Object::New(env);
  out.Set("type", type);
  out.Set("access", access);
  out.Set("cloexec", Napi::Boolean::New(env, (fdfl & FD_CLOEXEC) != 0));
  out.Set("nonblock", Napi::Boolean::New(env, (fl & O_NONBLOCK) != 0));
  out.Set("inode", Napi::Number::New(env, double(st.st_ino)));
  return out;
}

// The PATH entry (from the child's env, else ours) holding an executable `file`, or `file` itself.
std::string FindOnPath(const std::string& file, const std::vector<std::string>& env) {
  const char* pathVar = getenv("PATH");
  for (auto& e : env) if (e.rfind("PATH=", 0) == 0) pathVar = e.c_str() + 5;
  std::string paths = pathVar != nullptr ? pathVar : "/usr/local/bin:/usr/bin:/bin";
  size_t start = 0;
  for (;;) {
    size_t end = paths.find(':', start);
    std::string dir = paths.substr(start, end == std::string::npos ? std::string::npos : end - start);
    std::string candidate = (dir.empty() ? "." : dir) + "/" + file;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
    if (end == std::string::npos) return file;
    start = end + 1;
  }
}

// What the child of SpawnWithDeathSignal is given: it runs on its own stack in our memory.
struct DeathSignalChild {
  const char* program;
  char* const* argv;
  char* const* envp;
  const std::vector<std::pair<int, int>>* moves;
  const std::vector<int>* devNull;
  int maxTarget;
  int deathSignal;
  pid_t parent;
  // Written by the child when it cannot run the program: the errno, read by us once it has gone.
  volatile int err;
};

// The child, in our address space until it execs (CLONE_VM | CLONE_VFORK, as posix_spawn does it):
// only system calls, no allocation, nothing of ours changed but `err`. A session of its own, the death
// signal (and _exit if we died before it was set), signals at their defaults then unblocked, the fds
// placed as posix_spawn's file actions would, execve.
int RunDeathSignalChild(void* arg) {
  auto* c = static_cast<DeathSignalChild*>(arg);
  setsid();
  if (prctl(PR_SET_PDEATHSIG, c->deathSignal) < 0 || getppid() != c->parent) {
    c->err = ESRCH;
    _exit(127);
  }
  struct sigaction dfl;
  std::memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; sig++) sigaction(sig, &dfl, nullptr);
  for (auto& move : *c->moves) {
    if (dup2(move.second, move.first) < 0) goto fail;
  }
  for (int target : *c->devNull) {
    int fd = open("/dev/null", O_RDWR);
    if (fd < 0 || (fd != target && (dup2(fd, target) < 0 || close(fd) < 0))) goto fail;
  }
  for (int fd = 3; fd <= c->maxTarget; fd++) {
    bool given = false;
    for (auto& move : *c->moves) given = given || move.first == fd;
    for (int target : *c->devNull) given = given || target == fd;
    if (!given) close(fd);
  }
  syscall(SYS_close_range, c->maxTarget + 1, ~0U, 0);
  {
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
  }
  execve(c->program, c->argv, c->envp);
fail:
  c->err = errno;
  _exit(127);
}

// posix_spawn cannot set a death signal, and a fork copies Node's whole address space (milliseconds
// for a large heap, on every spawn): the child is cloned as posix_spawn clones its own, sharing our
// memory while we wait for its exec, with every signal blocked in between so that none of Node's
// handlers runs in it. Returns the pid, or -1 with *rc = -errno.
pid_t SpawnWithDeathSignal(const std::string& program, std::vector<char*>& argv, std::vector<char*>& envp,
                           const std::vector<std::pair<int, int>>& moves, const std::vector<int>& devNull, int maxTarget,
                           int deathSignal, int* rc) {
  constexpr size_t kStackBytes = 256 * 1024;
  void* stack = mmap(nullptr, kStackBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (stack == MAP_FAILED) {
    *rc = -errno;
    return -1;
  }
  DeathSignalChild child{program.c_str(), argv.data(), envp.data(), &moves, &devNull, maxTarget, deathSignal, getpid(), 0};
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  pid_t pid = clone(RunDeathSignalChild, static_cast<char*>(stack) + kStackBytes, CLONE_VM | CLONE_VFORK | SIGCHLD, &child);
  int cloneErrno = errno;
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  munmap(stack, kStackBytes);
  if (pid < 0) {
    *rc = -cloneErrno;
    return -1;
  }
  if (child.err != 0) {
    // The child never ran the program: reap it here, the caller gets only the errno.
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    *rc = -child.err;
    return -1;
  }
  return pid;
}

// spawn(file, argv[], env[], fdMap[] (flat: target, source, target, source…), devNullTargets[])
//   -> pid | -errno
// posix_spawn (vfork-like in glibc: nothing of Node's address space is copied, unlike libuv's fork)
// into a new session and process group (setsid, as libuv's detached), every signal at its default
// disposition and none blocked (as libuv leaves a child). Each source fd appears at its target fd;
// each devNull target gets /dev/null. Every other fd above 2 is closed (those above the highest target
// with glibc 2.34+; before, the CLOEXEC that every fd of ours has keeps them from it).
// A file without a slash is looked up on PATH. Exec failures (ENOENT, EACCES) come back as -errno.
// With a death signal (a 6th argument above 0) the child gets PR_SET_PDEATHSIG before exec, which
// posix_spawn cannot set: it is then cloned as posix_spawn would (see SpawnWithDeathSignal), so that it
// dies with us even when we are SIGKILLed.
Napi::Value Spawn(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 5 || !info[0].IsString() || !info[1].IsArray() || !info[2].IsArray() || !info[3].IsArray() ||
      !info[4].IsArray()) {
    Napi::TypeError::New(env, "spawn(file, argv, env, fdMap, devNullTargets)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  std::string file = info[0].As<Napi::String>().Utf8Value();
  auto strings = [](Napi::Array array) {
    std::vector<std::string> out;
    for (uint32_t i = 0; i < array.Length(); i++) out.push_back(array.Get(i).As<Napi::String>().Utf8Value());
    return out;
  };
  std::vector<std::string> argvStrings = strings(info[1].As<Napi::Array>());
  std::vector<std::string> envStrings = strings(info[2].As<Napi::Array>());
  Napi::Array fdMap = info[3].As<Napi::Array>();
  Napi::Array devNull = info[4].As<Napi::Array>();
  std::vector<char*> argv, envp;
  for (auto& a : argvStrings) argv.push_back(a.data());
  argv.push_back(nullptr);
  for (auto& e : envStrings) envp.push_back(e.data());
  envp.push_back(nullptr);

  // Sources are first copied above every target, so that placing one never overwrites another.
  int maxTarget = 2;
  std::vector<std::pair<int, int>> moves;  // (target, source)
  for (uint32_t i = 0; i + 1 < fdMap.Length(); i += 2) {
    int target = fdMap.Get(i).As<Napi::Number>().Int32Value();
    int source = fdMap.Get(i + 1).As<Napi::Number>().Int32Value();
    moves.emplace_back(target, source);
    if (target > maxTarget) maxTarget = target;
  }
  for (uint32_t i = 0; i < devNull.Length(); i++) {
    int target = devNull.Get(i).As<Napi::Number>().Int32Value();
    if (target > maxTarget) maxTarget = target;
  }
  std::vector<int> copies;
  int rc = 0;
  for (auto& move : moves) {
    int copy = fcntl(move.second, F_DUPFD_CLOEXEC, maxTarget + 1);
    if (copy < 0) {
      rc = -errno;
      break;
    }
    copies.push_back(copy);
    move.second = copy;
  }
  int deathSignal = info.Length() > 5 && info[5].IsNumber() ? info[5].As<Napi::Number>().Int32Value() : 0;
  pid_t pid = -1;
  if (rc == 0 && deathSignal > 0) {
    std::vector<int> devNullTargets;
    for (uint32_t i = 0; i < devNull.Length(); i++) devNullTargets.push_back(devNull.Get(i).As<Napi::Number>().Int32Value());
    std::string program = file.find('/') == std::string::npos ? FindOnPath(file, envStrings) : file;
    pid = SpawnWithDeathSignal(program, argv, envp, moves, devNullTargets, maxTarget, deathSignal, &rc);
  } else if (rc == 0) {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attr);
    for (auto& move : moves) posix_spawn_file_actions_adddup2(&actions, move.second, move.first);
    for (uint32_t i = 0; i < devNull.Length(); i++) {
      posix_spawn_file_actions_addopen(&actions, devNull.Get(i).As<Napi::Number>().Int32Value(), "/dev/null", O_RDWR, 0);
    }
    // Nothing of ours beyond the given fds, not even one a parent left without CLOEXEC.
    std::vector<bool> given(maxTarget + 1, false);
    for (auto& move : moves) given[move.first] = true;
    for (uint32_t i = 0; i < devNull.Length(); i++) given[devNull.Get(i).As<Napi::Number>().Int32Value()] = true;
    for (int fd = 3; fd <= maxTarget; fd++) {
      if (!given[fd]) posix_spawn_file_actions_addclose(&actions, fd);
    }
#if defined(__GLIBC__) && __GLIBC_PREREQ(2, 34)
    posix_spawn_file_actions_addclosefrom_np(&actions, maxTarget + 1);
#endif
    sigset_t all, none;
    sigfillset(&all);
    sigemptyset(&none);
    posix_spawnattr_setsigdefault(&attr, &all);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    bool onPath = file.find('/') == std::string::npos;
    int err = onPath ? posix_spawnp(&pid, file.c_str(), &actions, &attr, argv.data(), envp.data())
                     : posix_spawn(&pid, file.c_str(), &actions, &attr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (err != 0) rc = -err;
  }
  for (int copy : copies) close(copy);
  return Napi::Number::New(env, rc != 0 ? rc : pid);
}

// setChildSubreaper() -> 0 | -errno: orphans among our descendants (double-forked, setsid daemons)
// are re-parented to us instead of init, so that they can still be found, killed and reaped.
Napi::Value SetChildSubreaper(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0) return Errno(env);
  return Napi::Number::New(env, 0);
}

// pidfdOpen(pid) -> a CLOEXEC pidfd | -errno: readable once the process has exited.
Napi::Value PidfdOpen(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int pid = ArgInt(info, 0);
  if (env.IsExceptionPending()) return env.Undefined();
  int fd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  if (fd < 0) return Errno(env);
  return Napi::Number::New(env, fd);
}

// reapPidfd(pidfd) -> { code, signal } once exited (the child is reaped), null while it runs, or -errno.
Napi::Value ReapPidfd(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ArgInt(info, 0);
  if (env.IsExceptionPending()) return env.Undefined();
  siginfo_t si;
  std::memset(&si, 0, sizeof si);
  int rc;
  do rc = waitid(static_cast<idtype_t>(P_PIDFD), static_cast<id_t>(fd), &si, WEXITED | WNOHANG);
  while (rc < 0 && errno == EINTR);
  if (rc < 0) return Errno(env);
  if (si.si_pid == 0) return env.Null();
  Napi::Object out = Napi::Object::New(env);
  bool exited = si.si_code == CLD_EXITED;
  out.Set("code", exited ? Napi::Number::New(env, si.si_status) : env.Null());
  out.Set("signal", exited ? env.Null() : Napi::Number::New(env, si.si_status));
  return out;
}

// Poller: a libuv poll handle on one fd. callback(status, events) runs on the loop thread;
// status is 0 or -errno. One Poller per fd (libuv's rule); close() before the fd is closed.
class Poller : public Napi::ObjectWrap<Poller> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Poller",
                       {InstanceMethod("start", &Poller::Start), InstanceMethod("stop", &Poller::Stop),
                        InstanceMethod("close", &Poller::Close)});
  }

  Poller(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Poller>(info) {
    Napi::Env env = info.Env();
    int fd = ArgInt(info, 0);
    if (env.IsExceptionPending()) return;
    if (info.Length() < 2 || !info[1].IsFunction()) {
      Napi::TypeError::New(env, "new Poller(fd, callback)").ThrowAsJavaScriptException();
      return;
    }
    callback_ = Napi::Persistent(info[1].As<Napi::Function>());
    uv_loop_t* loop = nullptr;
    napi_get_uv_event_loop(env, &loop);
    handle_ = new uv_poll_t;
    handle_->data = this;
    int rc = uv_poll_init(loop, handle_, fd);
    if (rc < 0) {
      delete handle_;
      handle_ = nullptr;
      initError_ = rc;
    }
  }

  ~Poller() override { CloseHandle(); }

 private:
  // start(events: 1 readable | 2 writable) -> 0 | -errno
  Napi::Value Start(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (handle_ == nullptr) return Napi::Number::New(env, initError_ != 0 ? initError_ : -EBADF);
    int events = ArgInt(info, 0);
    if (env.IsExceptionPending()) return env.Undefined();
    int uvEvents = ((events & 1) ? UV_READABLE : 0) | ((events & 2) ? UV_WRITABLE : 0);
    if (!active_) Ref();  // keep the JS object alive while libuv may call back
    active_ = true;
    return Napi::Number::New(env, uv_poll_start(handle_, uvEvents, OnPoll));
  }

  Napi::Value Stop(const Napi::CallbackInfo& info) {
    StopHandle();
    return info.Env().Undefined();
  }

  Napi::Value Close(const Napi::CallbackInfo& info) {
    CloseHandle();
    return info.Env().Undefined();
  }

  void StopHandle() {
    if (handle_ != nullptr) uv_poll_stop(handle_);
    if (active_) {
      active_ = false;
      Unref();
    }
  }

  void CloseHandle() {
    StopHandle();
    if (handle_ != nullptr) {
      handle_->data = nullptr;
      uv_close(reinterpret_cast<uv_handle_t*>(handle_),
               [](uv_handle_t* h) { delete reinterpret_cast<uv_poll_t*>(h); });
      handle_ = nullptr;
    }
  }

  static void OnPoll(uv_poll_t* handle, int status, int events) {
    auto* self = static_cast<Poller*>(handle->data);
    if (self == nullptr) return;
    Napi::Env env = self->Env();
    Napi::HandleScope scope(env);
    int out = ((events & UV_READABLE) ? 1 : 0) | ((events & UV_WRITABLE) ? 2 : 0) |
              ((events & UV_DISCONNECT) ? 4 : 0);
    self->callback_.MakeCallback(env.Global(), {Napi::Number::New(env, status), Napi::Number::New(env, out)});
    // What the callback (or a tick it ran) threw would stay pending in the env, where every later call
    // into JS from here is refused: the loop then spins on the ready fd and nothing reaps or closes it.
    // It is Node's uncaught exception instead, as any thrown in a callback of the loop.
    if (env.IsExceptionPending()) napi_fatal_exception(env, env.GetAndClearPendingException().Value());
  }

  Napi::FunctionReference callback_;
  uv_poll_t* handle_ = nullptr;
  int initError_ = 0;
  bool active_ = false;
};

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("socketpair", Napi::Function::New(env, Socketpair));
  exports.Set("pipe", Napi::Function::New(env, Pipe));
  exports.Set("socket", Napi::Function::New(env, Socket));
  exports.Set("bind", Napi::Function::New(env, Bind));
  exports.Set("listen", Napi::Function::New(env, Listen));
  exports.Set("accept", Napi::Function::New(env, Accept));
  exports.Set("connect", Napi::Function::New(env, Connect));
  exports.Set("close", Napi::Function::New(env, Close));
  exports.Set("sendmsg", Napi::Function::New(env, Sendmsg));
  exports.Set("recvmsg", Napi::Function::New(env, Recvmsg));
  exports.Set("read", Napi::Function::New(env, Read));
  exports.Set("write", Napi::Function::New(env, Write));
  exports.Set("setNonBlocking", Napi::Function::New(env, SetNonBlocking));
  exports.Set("setPipeSize", Napi::Function::New(env, SetPipeSize));
  exports.Set("shutdown", Napi::Function::New(env, Shutdown));
  exports.Set("queuedBytes", Napi::Function::New(env, QueuedBytes));
  exports.Set("fstat", Napi::Function::New(env, Fstat));
  exports.Set("spawn", Napi::Function::New(env, Spawn));
  exports.Set("setChildSubreaper", Napi::Function::New(env, SetChildSubreaper));
  exports.Set("pidfdOpen", Napi::Function::New(env, PidfdOpen));
  exports.Set("reapPidfd", Napi::Function::New(env, ReapPidfd));
  exports.Set("Poller", Poller::Define(env));
  return exports;
}

}  // namespace

NODE_API_MODULE(fdpass, Init)
