import Glibc

/// A whole file mapped read-only into memory (`mmap` with `PROT_READ`, `MAP_PRIVATE`), unmapped when the object
/// goes away.
///
/// The file's pages are read on first access and count in the process's resident set only while they are mapped;
/// being clean copies of the file, the kernel can drop them under memory pressure and read them again later.
///
/// A mapping holds the file it was made from. Putting a new file in its place (renaming one over it, as `dpkg` and
/// `Sounds/generate.sh` do, or unlinking it first, as `install(1)` does) leaves the mapping as it was; but a file
/// truncated in place while mapped (`cp` over it) makes an access past its new end raise `SIGBUS`, which ends the
/// process. Map only files that nothing rewrites in place, such as those installed read-only under `/usr/share`.
///
/// `@unchecked Sendable`: the memory is never written through (it is mapped read-only) and is unmapped only in
/// `deinit`, when no other reference to the object is left, so any thread may read ``bytes`` while holding one.
public final class MappedFile: @unchecked Sendable {
    /// The file's bytes as of the mapping; valid for as long as the object lives. Empty for an empty file (which is
    /// not mapped: `mmap` refuses a length of 0).
    public let bytes: UnsafeRawBufferPointer

    private init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    deinit {
        if let base = bytes.baseAddress, !bytes.isEmpty {
            _ = munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
        }
    }

    /// Opens and maps a file.
    ///
    /// The descriptor is closed before returning; the mapping holds the file.
    ///
    /// - Parameter path: The file.
    /// - Returns: The mapping, or the failed call (`open`, `fstat`, `mmap`) and its `errno` (a directory fails as
    ///   `mmap` with `ENODEV`).
    public static func map(path: String) -> Result<MappedFile, SystemError> {
        let fd = SystemCall.retryingEINTR { open(path, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else { return .failure(.posix("open")) }
        defer { _ = Glibc.close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(.posix("fstat")) }
        let size = Int(info.st_size)
        guard size > 0 else {
            return .success(MappedFile(bytes: UnsafeRawBufferPointer(start: nil, count: 0)))
        }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            return .failure(.posix("mmap"))
        }
        return .success(MappedFile(bytes: UnsafeRawBufferPointer(start: base, count: size)))
    }

    /// Takes the mapping's pages out of the process's resident set (`madvise` with `MADV_DONTNEED`), for example
    /// after reading a header: the next access maps them again, from the page cache or the file.
    ///
    /// Safe on this mapping, which is private and read-only: no page of it differs from the file. Does not throw;
    /// a failing `madvise` (which would only leave the pages resident) is ignored.
    public func releasePages() {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base), bytes.count, MADV_DONTNEED)
    }
}
