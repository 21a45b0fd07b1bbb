"""Textual's Footer, but dimming and undimming its keys in place.

Textual's Footer rebuilds all its key widgets after the next frame whenever the bindings may
have changed. The reader re-checks its bindings when the cursor enters or leaves a highlight
(`a`, `t`, `x` need one), so with many highlights a cursor key cost three more writes: the
footer rebuilt, then its layout, then every scrollbar. When the same keys are shown and only
which are enabled changed, this footer restyles the existing keys at once, in the frame the
key is drawn in; any other change rebuilds it as Textual's does.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from tui.keymap import RemappableBindings


class KeyFooter(RemappableBindings, Footer):
    """A Footer whose keys are dimmed in place when only their enabled state changes."""

    def on_mount(self) -> None:
        # Immediately, not posted: a posted callback runs after the frame it belongs to.
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed, immediate=True)

    def bindings_changed(self, screen: Screen[object]) -> None:
        ready = self._bindings_ready and self.is_attached and screen is self.screen
        if ready and self._restyle_in_place(screen):
            return
        # Rebuild as Textual does, from the footer's own context (this may run in the screen's).
        self.call_next(super().bindings_changed, screen)

    def _restyle_in_place(self, screen: Screen[object]) -> bool:
        """Dim or undim the keys shown; False when the keys themselves differ."""
        shown: dict[str, bool] = {}  # the footer shows one key per action, the first bound
        for _node, binding, enabled, _tooltip in screen.active_bindings.values():
            if binding.show:
                shown.setdefault(binding.action, enabled)
        keys = [key for key in self.query(FooterKey) if "-command-palette" not in key.classes]
        if [key.action for key in keys] != list(shown):
            return False
        changed = []
        for key, enabled in zip(keys, shown.values(), strict=True):
            disabled = not enabled
            if key._disabled == disabled:  # FooterKey keeps its state only there
                continue
            key._disabled = disabled  # its mouse handler reads it
            key.set_class(disabled, "-disabled", update=False)
            changed.append(key)
        if changed:
            # Restyle now: a class change alone is applied at the app's next idle, a frame late.
            self.app.stylesheet.update_nodes(changed)
            for key in changed:
                key.refresh()
        return True

    async def recompose(self) -> None:
        """Rebuild, then catch up with any change published while the rebuild was under way."""
        await super().recompose()
        if self.is_attached:
            self._restyle_in_place(self.screen)
