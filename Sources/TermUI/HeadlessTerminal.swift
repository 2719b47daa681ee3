/// A terminal with no screen: a fixed size, a queue of scripted events and a record of every
/// presented frame. Tests drive the app loop with it; benchmarks count what each frame changed.
public final class HeadlessTerminal: Terminal {
    public private(set) var size: (width: Int, height: Int)
    public let colorDepth: ColorDepth

    /// Events still to be delivered, first one next.
    public private(set) var pendingEvents: [Event]
    /// Frames presented so far, oldest first (only the last `historyLimit` when one is set).
    public private(set) var presented: [Screen] = []
    /// How many frames were presented in total, whatever `historyLimit` dropped.
    public private(set) var presentCount = 0
    /// Cells a real driver would have written for each frame, in order (diff against the
    /// previous frame; a whole screen for the first frame and after `resume`).
    public private(set) var changedCellCounts: [Int] = []
    public private(set) var suspendCount = 0
    public private(set) var resumeCount = 0
    public private(set) var isSuspended = false
    public private(set) var isShutDown = false

    private let historyLimit: Int?
    private var previous: Screen?

    /// - Parameter historyLimit: keep only this many recent frames (for long benchmarks).
    public init(
        width: Int = 80, height: Int = 24, events: [Event] = [], colorDepth: ColorDepth = .indexed256,
        historyLimit: Int? = nil
    ) {
        self.size = (width, height)
        self.pendingEvents = events
        self.colorDepth = colorDepth
        self.historyLimit = historyLimit.map { max(1, $0) }
    }

    /// The most recently presented frame.
    public var lastScreen: Screen? { presented.last }

    /// Appends events to the script.
    public func enqueue(_ events: Event...) { pendingEvents.append(contentsOf: events) }
    public func enqueue(contentsOf events: [Event]) { pendingEvents.append(contentsOf: events) }

    /// Changes the size as a real resize would and queues the matching `.resize` event.
    public func resize(width: Int, height: Int) {
        size = (width, height)
        previous = nil
        pendingEvents.append(.resize(width: width, height: height))
    }

    public func present(_ screen: Screen) {
        let changed = previous.map { screen.diff(from: $0).reduce(0) { $0 + $1.cells.count } }
            ?? screen.width * screen.height
        changedCellCounts.append(changed)
        previous = screen
        presentCount += 1
        presented.append(screen)
        if let historyLimit, presented.count > historyLimit { presented.removeFirst(presented.count - historyLimit) }
    }

    /// Delivers the next scripted event at once; nil when the script is exhausted (the timeout
    /// is not waited for, so tests never sleep).
    public func nextEvent(timeoutMilliseconds: Int) -> Event? {
        pendingEvents.isEmpty ? nil : pendingEvents.removeFirst()
    }

    public func suspend() {
        suspendCount += 1
        isSuspended = true
    }

    public func resume() {
        resumeCount += 1
        isSuspended = false
        previous = nil
    }

    public func shutdown() { isShutDown = true }
}
