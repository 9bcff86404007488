/** Desktop notification with a short chime for new escalations (permission asked on a user gesture). */
let audio: AudioContext | undefined;

export function askPermission(): void {
  if (typeof Notification !== 'undefined' && Notification.permission === 'default')
    void Notification.requestPermission().catch(() => undefined);
  try {
    audio ??= new AudioContext();
  } catch {
    audio = undefined;
  }
}

export function chime(): void {
  if (!audio) return;
  const now = audio.currentTime;
  for (const [i, freq] of [880, 1320].entries()) {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, now + i * 0.15);
    gain.gain.exponentialRampToValueAtTime(0.15, now + i * 0.15 + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.15 + 0.25);
    osc.connect(gain).connect(audio.destination);
    osc.start(now + i * 0.15);
    osc.stop(now + i * 0.15 + 0.3);
  }
}

export function notifyDesktop(title: string, body: string, onClick: () => void): void {
  chime();
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted' || document.hasFocus())
    return;
  const n = new Notification(title, { body, tag: title });
  n.onclick = () => {
    window.focus();
    onClick();
    n.close();
  };
}
