#if canImport(Glibc)
import Glibc
#endif

/// Gives the heap's freed pages back to the system once the agent has left a screen or
/// closed a dialog and the console is idle. glibc keeps freed memory for reuse, so the
/// supervisor screen's figures, an export or an investigation left the console several MiB
/// larger for the rest of the session although nothing held them (`malloc_trim(0)` on a
/// console after the supervisor screen at 10M: 63.5 → 58.1 MiB). Trimming only on an idle
/// turn after such a change keeps its cost (walking the heap, re-faulting pages later) off
/// the keys' frames and off an idle console.
struct FreedMemoryReturn {
    /// What the agent sees, coarsely: the screen, and whether a mode (dialog, overlay,
    /// prompt) is open. Leaving or opening either is where big temporaries die.
    struct Shape: Equatable {
        var screen: ScreenID
        var modeOpen: Bool
    }

    private var shapeAtLastTrim: Shape?

    init(current: Shape) { shapeAtLastTrim = current }

    /// True when an idle turn (no event handled) should trim: the shape changed since the
    /// last trim. Records the trim, so the next one needs another change.
    mutating func shouldTrim(idle: Bool, current: Shape) -> Bool {
        guard idle, current != shapeAtLastTrim else { return false }
        shapeAtLastTrim = current
        return true
    }

    /// glibc's `malloc_trim`, looked up at run time: `<malloc.h>` is not part of the Glibc
    /// module, and a libc without it (musl) simply keeps its memory.
    private static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        #else
        return nil
        #endif
    }()

    /// Returns the free memory at the top and inside the heap to the system.
    static func trim() {
        _ = mallocTrim?(0)
    }
}

extension ConsoleState {
    var memoryShape: FreedMemoryReturn.Shape {
        if case .normal = mode { return .init(screen: screen, modeOpen: false) }
        return .init(screen: screen, modeOpen: true)
    }
}
