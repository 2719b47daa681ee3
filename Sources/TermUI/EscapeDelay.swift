import Foundation

/// How long a lone ESC waits for the rest of a key's escape sequence before it counts as
/// the Esc key.
///
/// Arrow, function and Alt keys reach the console as ESC followed by more bytes; ncurses
/// waits this long after an ESC to tell them from Esc itself. Terminals send a key's bytes
/// together, and over SSH they travel in one packet, so a short wait is enough; with none,
/// a sequence split by a congested link would arrive as Esc and then its letters as keys.
/// 25 ms is below what a person notices and above a link's usual jitter; `ESCDELAY` (the
/// variable ncurses itself reads) sets it: `0` for an instant Esc on a local terminal, more
/// on a slow link. Anything that is not 0–1000 ms is refused with a note and the default kept.
public struct EscapeDelay: Equatable, Sendable {
    public static let standard = 25
    public static let maximum = 1000

    public let milliseconds: Int
    /// The value of `ESCDELAY` that was not a delay, to say so on the status line.
    public let refused: String?

    public init(milliseconds: Int, refused: String?) {
        self.milliseconds = milliseconds
        self.refused = refused
    }

    public static func fromEnvironment(_ value: String?) -> EscapeDelay {
        guard let value else { return EscapeDelay(milliseconds: standard, refused: nil) }
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard trimmed.allSatisfy(\.isASCII), let ms = Int(trimmed), (0...maximum).contains(ms) else {
            return EscapeDelay(milliseconds: standard, refused: value)
        }
        return EscapeDelay(milliseconds: ms, refused: nil)
    }
}
