import Glibc
import POSIXSupport
public import SoundEngine

/// Maps the voice clips of `Sounds/` from disk into a ``SoundEngine/ClipCatalog``, and finds that folder.
///
/// A `Sounds/` folder holds `manifest.tsv` (lines `key<TAB>text<TAB>duration_ms`, `#` comments; written by
/// `Sounds/generate.sh`) and one `<key>.wav` per line, mono 16-bit PCM at 16000 Hz.
public enum ClipLibrary {
    /// The environment variable that points at a `Sounds/` folder: `RETROWALK_SOUNDS`.
    public static let environmentVariable = "RETROWALK_SOUNDS"
    /// Where a system installation keeps the clips: `/usr/share/retrowalk/Sounds`.
    public static let systemDirectory = "/usr/share/retrowalk/Sounds"
    /// The manifest's file name: `manifest.tsv`.
    public static let manifestName = "manifest.tsv"

    /// One line of `manifest.tsv`.
    public struct ManifestEntry: Sendable, Hashable {
        /// The phrase key, also the WAV's file name without `.wav`.
        public var key: String
        /// What the clip says.
        public var text: String
        /// The clip's duration in milliseconds, as generated.
        public var durationMilliseconds: Int

        /// Creates an entry.
        public init(key: String, text: String, durationMilliseconds: Int) {
            self.key = key
            self.text = text
            self.durationMilliseconds = durationMilliseconds
        }
    }

    /// Reads `<directory>/manifest.tsv` and maps every clip it lists.
    ///
    /// Each WAV file is mapped read-only (``POSIXSupport/MappedFile``) and checked by ``SoundEngine/WAV/layout(of:)``,
    /// as strictly as by ``SoundEngine/WAV/decode(_:)-([UInt8])``; its samples are then viewed in place in the `data`
    /// chunk, so only the pages of clips that are played are read and count in the process's memory, and the kernel
    /// can drop them again under pressure. The samples are copied into memory instead for `residentKeys`, and for a
    /// clip whose samples cannot be viewed as `Int16` (a big-endian host; a misaligned `data` chunk, which RIFF's
    /// word-aligned chunks never give).
    ///
    /// A mapped file must not be truncated or rewritten in place while the catalogue lives: reading a page past
    /// its new end raises `SIGBUS`, which ends the process (copying every clip at load, which avoided that, is what
    /// mapping saves). The installed clips (`/usr/share/retrowalk/Sounds`) are read-only, and `dpkg`, `install(1)`
    /// (`make install`) and `Sounds/generate.sh` put new files in place of old ones, which leaves existing mappings
    /// intact; `cp` over a clip would not.
    ///
    /// - Parameters:
    ///   - directory: A `Sounds/` folder, for example from ``resolveSoundsDirectory(environment:executablePath:)``.
    ///   - residentKeys: Keys whose clips are copied into memory at load, so that composing them never waits for
    ///     a page to be read from disk (the alarm messages); defaults to none.
    /// - Returns: The catalogue, one clip per manifest line.
    /// - Throws: ``AudioError`` naming the file and the remedy: ``AudioError/Code/invalidManifest``,
    ///   ``AudioError/Code/clipMissing`` or ``AudioError/Code/clipUnreadable``.
    public static func load(directory: String, residentKeys: [String] = []) throws(AudioError) -> ClipCatalog {
        let resident = Set(residentKeys)
        var clips = [String: ClipSamples]()
        for entry in try manifest(directory: directory) {
            let path = directory + "/" + entry.key + ".wav"
            let file: MappedFile
            switch MappedFile.map(path: path) {
            case .success(let mapped): file = mapped
            case .failure(let error) where error.number == ENOENT:
                throw AudioError(
                    code: .clipMissing,
                    message: "Voice clip '\(path)' (key '\(entry.key)') is missing. Run Sounds/generate.sh to "
                        + "regenerate the clips.",
                    underlying: error)
            case .failure(let error):
                throw AudioError(
                    code: .clipUnreadable,
                    message: "Voice clip '\(path)' could not be read (\(error)). Check its permissions or run "
                        + "Sounds/generate.sh.",
                    underlying: error)
            }
            let layout: (sampleRate: Int, dataRange: Range<Int>)
            do {
                layout = try WAV.layout(of: file.bytes)
            } catch {
                throw AudioError(
                    code: .clipUnreadable, message: "Voice clip '\(path)' is unusable: \(error.message)",
                    underlying: error)
            }
            guard layout.sampleRate == AudioFormat.sampleRate else {
                throw AudioError(
                    code: .clipUnreadable,
                    message: "Voice clip '\(path)' is \(layout.sampleRate) Hz; the sound engine needs "
                        + "\(AudioFormat.sampleRate) Hz. Run Sounds/generate.sh to regenerate the clips.")
            }
            clips[entry.key] = samples(
                in: file, dataRange: layout.dataRange, resident: resident.contains(entry.key))
        }
        return ClipCatalog(samples: clips)
    }

    /// A clip's samples: viewed in place in `file`, or copied out of it when `resident` or when they cannot be
    /// viewed as `Int16` (``MappedClip/canView(file:dataRange:)``).
    ///
    /// - Parameters:
    ///   - file: The mapped WAV file.
    ///   - dataRange: The byte offsets of the samples (little-endian `Int16`) in the file.
    ///   - resident: Whether to copy the samples even where they could be viewed.
    static func samples(in file: MappedFile, dataRange: Range<Int>, resident: Bool) -> ClipSamples {
        if !resident, MappedClip.canView(file: file, dataRange: dataRange) {
            // Reading the header mapped its page, and the kernel's fault-around maps up to 64 KB with it: give them
            // back, so that the clip becomes resident only when it is played.
            file.releasePages()
            return ClipSamples(viewing: MappedClip(file: file, dataRange: dataRange))
        }
        // A copy: the mapping goes with `file` once this returns.
        return ClipSamples(WAV.samples(in: file.bytes, dataRange: dataRange))
    }

    /// Reads and parses `<directory>/manifest.tsv`.
    ///
    /// - Parameter directory: A `Sounds/` folder.
    /// - Returns: The entries in file order.
    /// - Throws: ``AudioError`` with code ``AudioError/Code/invalidManifest`` naming the file (and line) at fault.
    public static func manifest(directory: String) throws(AudioError) -> [ManifestEntry] {
        let path = directory + "/" + manifestName
        let bytes: [UInt8]
        switch POSIXFile.read(path: path) {
        case .success(let read): bytes = read
        case .failure(let error):
            throw AudioError(
                code: .invalidManifest,
                message: "Sound manifest '\(path)' could not be read (\(error)). Run Sounds/generate.sh or set "
                    + "\(environmentVariable) to a folder that has one.",
                underlying: error)
        }
        var entries = [ManifestEntry]()
        for (index, line) in String(decoding: bytes, as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false
        ).enumerated() {
            let trimmed = line.hasSuffix("\r") ? line.dropLast() : line[...]
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = trimmed.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 3, !fields[0].isEmpty, let duration = Int(fields[2]),
                !fields[0].contains("/")
            else {
                throw AudioError(
                    code: .invalidManifest,
                    message: "Sound manifest '\(path)' line \(index + 1) is malformed ('\(trimmed)'; expected "
                        + "key<TAB>text<TAB>duration_ms). Run Sounds/generate.sh to rewrite it.")
            }
            entries.append(
                ManifestEntry(key: String(fields[0]), text: String(fields[1]), durationMilliseconds: duration))
        }
        return entries
    }

    /// Checks that the catalogue has a clip for every key the product may speak.
    ///
    /// - Parameters:
    ///   - keys: Phrase keys (from plans, rules, `Sounds/phrases.tsv`).
    ///   - catalog: The loaded clips.
    /// - Throws: ``AudioError`` with code ``AudioError/Code/clipMissing`` listing the missing keys and the remedy.
    public static func requireClips(for keys: [String], in catalog: ClipCatalog) throws(AudioError) {
        let missing = catalog.missingKeys(keys)
        guard !missing.isEmpty else { return }
        let list = missing.map { "'\($0)'" }.joined(separator: ", ")
        throw AudioError(
            code: .clipMissing,
            message: "No voice clip for phrase key\(missing.count == 1 ? "" : "s") \(list). Add "
                + "\(missing.count == 1 ? "it" : "them") to Sounds/phrases.tsv and run Sounds/generate.sh.")
    }

    /// Finds the `Sounds/` folder: `$RETROWALK_SOUNDS`, else the nearest `Sounds/manifest.tsv` walking up from the
    /// executable (a package checkout: `.build/debug/retrowalk` → `./Sounds`), else `/usr/share/retrowalk/Sounds`.
    ///
    /// - Parameters:
    ///   - environment: Environment variables to consult; `nil` reads the process's.
    ///   - executablePath: The executable's path; `nil` reads `/proc/self/exe`.
    /// - Returns: The folder's path (without a trailing slash).
    /// - Throws: ``AudioError`` with code ``AudioError/Code/soundsNotFound`` when `RETROWALK_SOUNDS` points at a
    ///   folder without a manifest, or when no candidate has one; the message lists what was tried.
    public static func resolveSoundsDirectory(
        environment: [String: String]? = nil,
        executablePath: String? = nil
    ) throws(AudioError) -> String {
        let variable =
            environment.map { $0[environmentVariable] } ?? getenv(environmentVariable).map { String(cString: $0) }
        if let variable, !variable.isEmpty {
            let directory = trimmingSlashes(variable)
            guard POSIXFile.isFile(directory + "/" + manifestName) else {
                throw AudioError(
                    code: .soundsNotFound,
                    message: "\(environmentVariable)='\(variable)' has no \(manifestName). Point it at the Sounds/ "
                        + "folder or run Sounds/generate.sh there.")
            }
            return directory
        }
        var tried = [String]()
        if let executable = executablePath ?? currentExecutablePath() {
            var directory = parent(of: executable)
            while true {
                let candidate = (directory == "/" ? "" : directory) + "/Sounds"
                if POSIXFile.isFile(candidate + "/" + manifestName) { return candidate }
                if directory == "/" || directory.isEmpty { break }
                directory = parent(of: directory)
            }
            tried.append("the folders above '\(executable)'")
        }
        if POSIXFile.isFile(systemDirectory + "/" + manifestName) { return systemDirectory }
        tried.append("'\(systemDirectory)'")
        throw AudioError(
            code: .soundsNotFound,
            message:
                "No Sounds/ folder with \(manifestName) was found (looked in \(tried.joined(separator: " and "))). "
                + "Set \(environmentVariable)=/path/to/Sounds or run Sounds/generate.sh in the retrowalk checkout.")
    }

    private static func currentExecutablePath() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func parent(of path: String) -> String {
        let trimmed = trimmingSlashes(path)
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        let head = String(trimmed[..<slash])
        return head.isEmpty ? "/" : head
    }

    private static func trimmingSlashes(_ path: String) -> String {
        var path = path
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        return path
    }
}
