import Foundation
import TermUI

extension ConsoleController {
    /// `:theme NAME`: switch to another theme at once, or keep the current one and say why.
    func switchTheme(named name: String) {
        let context = ThemeLoading.current ?? ThemeLoading.Context(
            catalog: ThemeLoading.catalog(themesDir: nil, environment: ProcessInfo.processInfo.environment),
            depth: .ansi16, noColor: false)
        do {
            state.theme = try ThemeLoading.loadTheme(named: name, context: context)
            say(context.noColor ? state.t(.msgNoColor) : state.t(.msgTheme, state.theme.name))
        } catch {
            warn(state.t(.msgThemeUnchanged, error.message))
        }
    }

    /// Names for the palette to suggest after `:theme `.
    static func themeNames() -> [String] {
        (ThemeLoading.current?.catalog ?? ThemeLoading.catalog(themesDir: nil, environment: ProcessInfo.processInfo.environment))
            .availableNames
    }
}
