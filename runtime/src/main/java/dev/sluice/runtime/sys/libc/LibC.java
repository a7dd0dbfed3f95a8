package dev.sluice.runtime.sys.libc;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.SaveError;

/** The few libc entry points the runtime needs, bound with jnr-ffi. errno is saved after each call. */
public interface LibC {
    @SaveError
    long syscall(long number, long a1, Pointer a2, long a3);

    @SaveError
    long syscall(long number, Pointer a1, long a2, long a3, long a4, long a5);

    @SaveError
    int close(int fd);

    @SaveError
    int ioctl(int fd, long request, long argument);

    @SaveError
    int setsockopt(int fd, int level, int option, Pointer value, int length);

    @SaveError
    int socket(int domain, int type, int protocol);

    @SaveError
    int setns(int fd, int nstype);

    @SaveError
    int open(String path, int flags);

    @SaveError
    int bind(int fd, Pointer address, int length);

    @SaveError
    long recv(int fd, Pointer buffer, long length, int flags);

    @SaveError
    int if_nametoindex(String name);

    @SaveError
    int getpid();

    @SaveError
    int dup(int fd);

    /** Bound with a Pointer address: the long-address form reached the kernel wrong (EINVAL) under jnr-ffi. */
    @SaveError
    Pointer mmap(Pointer address, long length, int protection, int flags, int fd, long offset);

    @SaveError
    int munmap(Pointer address, long length);

    @SaveError
    int epoll_create1(int flags);

    @SaveError
    int epoll_ctl(int epfd, int op, int fd, Pointer event);

    @SaveError
    int epoll_wait(int epfd, Pointer events, int max, int timeoutMs);

    /** Advisory whole-file lock: what serialises applies to one pin folder (bpffs holds no regular files). */
    @SaveError
    int flock(int fd, int operation);

    String strerror(int errno);
}
