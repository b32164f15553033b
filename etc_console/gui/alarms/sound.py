"""The alarm sound: a short two-tone WAV played through QtMultimedia's QSoundEffect.

QtMultimedia is imported on the first alarm, not at start: loading it brings FFmpeg
and connects to the audio server, which the window does not need before an alarm.
Without QtMultimedia or without an audio output device the console logs that once and
goes on, because the tray message and the alarm panel still show every alarm.
"""

import logging
import math
import struct
import wave
from pathlib import Path

from PySide6.QtCore import QObject, QUrl

from etc_console.paths import resources_dir

log = logging.getLogger(__name__)

SOUND_FILE = "alarm.wav"
SAMPLE_RATE = 8000  # Hz, enough for tones below 2 kHz, and it keeps the file near 10 KB
AMPLITUDE = 0.6  # of full scale, so the tone is loud without clipping
FADE_SECONDS = 0.006  # ramps at each tone's ends, which would otherwise click
# Tone frequency in Hz (None for silence) and duration in seconds: high-low-high.
PATTERN = ((988, 0.16), (None, 0.05), (740, 0.16), (None, 0.05), (988, 0.22))
LOOP_COUNT = 2
VOLUME = 0.9


def sound_path() -> Path:
    """Return the shipped alarm sound, resources/sounds/alarm.wav."""
    return resources_dir() / "sounds" / SOUND_FILE


def write_alarm_wav(path: Path) -> None:
    """Write the alarm tone as 16-bit mono PCM. The shipped file was made by this function."""
    frames = bytearray()
    fade = int(FADE_SECONDS * SAMPLE_RATE)
    for frequency, seconds in PATTERN:
        count = int(seconds * SAMPLE_RATE)
        for index in range(count):
            if frequency is None:
                value = 0.0
            else:
                envelope = min(1.0, index / fade, (count - 1 - index) / fade)
                value = AMPLITUDE * envelope * math.sin(2 * math.pi * frequency * index / SAMPLE_RATE)
            frames += struct.pack("<h", round(value * 32767))
    with wave.open(str(path), "wb") as output:
        output.setnchannels(1)
        output.setsampwidth(2)
        output.setframerate(SAMPLE_RATE)
        output.writeframes(bytes(frames))


class AlarmSound(QObject):
    """Play the alarm sound unless muted, loading QtMultimedia on the first request.

    `requests` counts every call of play() and `muted_requests` those skipped because
    of the mute switch. `available` is None until the first unmuted request, then
    whether a QSoundEffect could be set up.
    """

    def __init__(self, path: Path | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.path = path or sound_path()
        self.muted = False
        self.requests = 0
        self.muted_requests = 0
        self.available: bool | None = None
        self.unavailable_reason = ""
        self._effect = None
        self._play_when_ready = False

    def play(self) -> None:
        """Start the sound, or queue it until the WAV has loaded."""
        self.requests += 1
        if self.muted:
            self.muted_requests += 1
            return
        if self.available is None:
            self.available = self._load()
        if not self.available:
            return

        from PySide6.QtMultimedia import QSoundEffect

        status = self._effect.status()
        if status == QSoundEffect.Status.Ready:
            self._effect.play()
        elif status == QSoundEffect.Status.Loading:
            self._play_when_ready = True
        else:
            self._give_up(f"the sound effect is in state {status.name}")

    def set_muted(self, muted: bool) -> None:
        """Silence or unmute the sound. Muting also stops a sound that is playing."""
        self.muted = muted
        if muted and self._effect is not None:
            self._effect.stop()

    def _load(self) -> bool:
        if not self.path.is_file():
            self._give_up(f"the sound file {self.path} is missing")
            return False
        try:
            from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
        except ImportError as error:
            self._give_up(f"QtMultimedia cannot be loaded ({error})")
            return False
        if not QMediaDevices.audioOutputs():
            self._give_up("no audio output device is available")
            return False

        # NOTE: no test plays the sound on a real output device, because the test
        # machines have none.
        self._effect = QSoundEffect(self)
        self._effect.setLoopCount(LOOP_COUNT)
        self._effect.setVolume(VOLUME)
        self._effect.statusChanged.connect(self._on_status_changed)
        self._effect.setSource(QUrl.fromLocalFile(str(self.path)))
        log.info("alarm sound %s set up on the default audio output", self.path)
        return True

    def _on_status_changed(self) -> None:
        from PySide6.QtMultimedia import QSoundEffect

        status = self._effect.status()
        if status == QSoundEffect.Status.Ready and self._play_when_ready:
            self._play_when_ready = False
            if not self.muted:
                self._effect.play()
        elif status == QSoundEffect.Status.Error:
            self._give_up(f"the audio output cannot play {self.path}")

    def _give_up(self, reason: str) -> None:
        self.available = False
        self._play_when_ready = False
        if not self.unavailable_reason:
            self.unavailable_reason = reason
            log.warning("alarm sound is off because %s. Alarms still show in the tray and the window", reason)
