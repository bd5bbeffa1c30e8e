/// The dashboard: one page, plain HTML, CSS and JavaScript, shipped inside the binary (no build step, no fetch from
/// anywhere but this server). It reads `/api/stations` once and `/api/events` (Server-Sent Events) for everything
/// after; an alarm flashes its tile and sounds a WebAudio alert until it is acknowledged or cleared.
enum DashboardPage {
    static let html = #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>retrowalk clinic</title>
        <style>
        :root { --bg:#101418; --tile:#1c232b; --text:#eef2f5; --dim:#8a96a3; --ok:#2e9d5b; --warn:#e0a526;
                --bad:#d9412b; --info:#3a7bd5; }
        * { box-sizing: border-box; }
        body { margin:0; font-family: system-ui, sans-serif; background:var(--bg); color:var(--text); }
        header { display:flex; align-items:center; gap:1rem; padding:.6rem 1rem; background:#0b0e11; }
        header h1 { font-size:1.1rem; margin:0; font-weight:600; }
        header .spacer { flex:1; }
        header button, header input { font-size:.9rem; }
        #conn { font-size:.85rem; color:var(--dim); }
        #grid { display:grid; grid-template-columns:repeat(auto-fill, minmax(300px, 1fr)); gap:1rem; padding:1rem; }
        .tile { background:var(--tile); border-radius:12px; padding:1rem; border:3px solid transparent; }
        .tile.offline { opacity:.35; filter:grayscale(1); }
        .tile.alarm { border-color:var(--bad); animation:flash 1s steps(2, start) infinite; }
        .tile.alarm.acked { animation:none; border-color:var(--warn); }
        @keyframes flash { 50% { background:#5a1a12; } }
        .top { display:flex; justify-content:space-between; align-items:baseline; }
        .name { font-size:1.2rem; font-weight:700; }
        .state { font-size:.85rem; color:var(--dim); }
        .hr { font-size:4.5rem; font-weight:800; line-height:1; margin:.4rem 0; font-variant-numeric:tabular-nums; }
        .hr small { font-size:1rem; font-weight:400; color:var(--dim); }
        .zones { display:flex; gap:3px; height:14px; margin:.3rem 0 .6rem; }
        .zones span { flex:1; border-radius:3px; opacity:.25; }
        .zones span.on { opacity:1; outline:2px solid #fff; }
        .z-below { background:var(--info); } .z-zone { background:var(--ok); } .z-above { background:var(--warn); }
        .z-ceiling { background:#e8672a; } .z-hard_ceiling { background:var(--bad); }
        .row { display:flex; justify-content:space-between; font-size:1rem; margin:.2rem 0; }
        .signal-good { color:var(--ok); } .signal-poor, .signal-no_contact, .signal-connecting { color:var(--warn); }
        .signal-lost, .signal-ended, .signal-idle { color:var(--bad); }
        .alarms { margin-top:.5rem; min-height:1.5rem; }
        .alarmline { background:var(--bad); color:#fff; border-radius:6px; padding:.35rem .5rem; margin:.25rem 0;
                     font-weight:600; }
        .alarmline.medium { background:#c46a16; } .alarmline.low { background:#806010; }
        .alarmline.acked { opacity:.7; }
        .actions { display:flex; gap:.5rem; margin-top:.6rem; }
        .actions button { flex:1; padding:.5rem; font-size:1rem; border-radius:8px; border:0; cursor:pointer; }
        .ack { background:var(--warn); } .cool { background:var(--info); color:#fff; }
        .empty { color:var(--dim); padding:2rem; }
        </style>
        </head>
        <body>
        <header>
          <h1>retrowalk clinic</h1>
          <span id="conn">connecting…</span>
          <span class="spacer"></span>
          <button id="sound">Enable alarm sound</button>
          <span id="who"></span>
          <form id="login" hidden>
            <input name="name" placeholder="your name" required>
            <input name="password" type="password" placeholder="password" required>
            <button>Log in</button>
          </form>
        </header>
        <main id="grid"><p class="empty" id="empty">No station has published yet.</p></main>
        <script>
        "use strict";
        const ZONES = ["below", "zone", "above", "ceiling", "hard_ceiling"];
        const stations = new Map();   // name -> {state, receivedAt}
        let me = {can_command: false};
        let audio = null;

        function el(tag, cls, text) {
          const e = document.createElement(tag);
          if (cls) e.className = cls;
          if (text !== undefined) e.textContent = text;
          return e;
        }
        function mmss(s) {
          s = Math.max(0, Math.round(s));
          return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
        }
        function render() {
          const grid = document.getElementById("grid");
          grid.replaceChildren();
          if (stations.size === 0) { grid.append(el("p", "empty", "No station has published yet.")); return; }
          for (const name of [...stations.keys()].sort()) grid.append(tile(name, stations.get(name)));
        }
        function tile(name, entry) {
          const s = entry.state;
          const t = el("section", "tile");
          t.dataset.station = name;
          const online = s.online !== false;
          const alarms = (s.alarms || []);
          const sounding = alarms.filter(a => !a.acknowledged && a.priority !== "info");
          if (!online) t.classList.add("offline");
          if (alarms.length && online) { t.classList.add("alarm"); if (!sounding.length) t.classList.add("acked"); }
          const top = el("div", "top");
          top.append(el("span", "name", name), el("span", "state", online ? (s.phase || "") : "offline"));
          const hr = el("div", "hr", s.bpm == null ? "--" : String(s.bpm));
          hr.append(el("small", null, " bpm"));
          const zones = el("div", "zones");
          for (const z of ZONES) { const b = el("span", "z-" + z); if (s.zone === z) b.classList.add("on"); b.title = z; zones.append(b); }
          const phase = el("div", "row");
          let step = s.phase === "backward" ? "backward bout " + s.bout + " of " + s.of : (s.phase || "");
          let left = "";
          if (s.step_ends_at != null && s.t != null) {
            const elapsed = online ? (Date.now() - entry.receivedAt) / 1000 : 0;
            left = mmss(s.step_ends_at - s.t - elapsed) + " left";
          }
          phase.append(el("span", null, step), el("span", "countdown", left));
          const signal = el("div", "row");
          signal.append(el("span", null, "signal"), el("span", "signal-" + s.signal, (s.signal || "?").replace("_", " ")));
          const info = el("div", "row");
          info.append(el("span", null, s.zone ? "zone: " + s.zone.replace("_", " ") : ""),
                      el("span", null, s.battery != null ? "strap " + s.battery + " %" : ""));
          const box = el("div", "alarms");
          for (const a of alarms) {
            const line = el("div", "alarmline " + a.priority + (a.acknowledged ? " acked" : ""),
                            a.rule + ": " + a.text + (a.acknowledged ? " (acknowledged)" : ""));
            box.append(line);
          }
          t.append(top, hr, zones, phase, signal, info, box);
          if (me.can_command && online) {
            const actions = el("div", "actions");
            const ack = el("button", "ack", "Acknowledge");
            ack.onclick = () => command(name, "acknowledge");
            const cool = el("button", "cool", "Cool-down");
            cool.onclick = () => command(name, "cooldown");
            actions.append(ack, cool);
            t.append(actions);
          }
          return t;
        }
        async function command(station, cmd) {
          const r = await fetch("/api/stations/" + encodeURIComponent(station) + "/command",
            {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify({command: cmd})});
          if (!r.ok) alert("Not sent: " + (await r.text()));
        }
        function update(state) {
          stations.set(state.station, {state: state, receivedAt: Date.now()});
          render();
        }
        function anySounding() {
          for (const {state} of stations.values()) {
            if (state.online === false) continue;
            if ((state.alarms || []).some(a => !a.acknowledged && (a.priority === "high" || a.priority === "medium"))) return true;
          }
          return false;
        }
        // The audible alert: two-tone bursts every 2 s while an alarm is unacknowledged (needs one click first,
        // as browsers only start sound after a user gesture).
        function beep() {
          if (!audio || !anySounding()) return;
          const now = audio.currentTime;
          for (let i = 0; i < 3; i++) {
            const o = audio.createOscillator(), g = audio.createGain();
            o.frequency.value = i % 2 ? 660 : 880;
            g.gain.setValueAtTime(0.0001, now + i * 0.25);
            g.gain.exponentialRampToValueAtTime(0.4, now + i * 0.25 + 0.02);
            g.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.25 + 0.2);
            o.connect(g).connect(audio.destination);
            o.start(now + i * 0.25); o.stop(now + i * 0.25 + 0.22);
          }
        }
        document.getElementById("sound").onclick = (e) => {
          audio = audio || new AudioContext();
          audio.resume();
          e.target.textContent = "Alarm sound on";
          e.target.disabled = true;
        };
        async function loadMe() {
          me = await (await fetch("/api/me")).json();
          const login = document.getElementById("login");
          login.hidden = !(me.password_required && !me.can_command);
          document.getElementById("who").textContent = me.password_required && me.can_command ? "logged in as " + me.name : "";
          render();
        }
        document.getElementById("login").onsubmit = async (e) => {
          e.preventDefault();
          const f = new FormData(e.target);
          const r = await fetch("/api/login", {method: "POST", headers: {"Content-Type": "application/json"},
            body: JSON.stringify({name: f.get("name"), password: f.get("password")})});
          if (!r.ok) { alert("Login failed"); return; }
          loadMe();
        };
        function connect() {
          const source = new EventSource("/api/events");
          const conn = document.getElementById("conn");
          source.onopen = () => { conn.textContent = "live"; };
          source.onerror = () => { conn.textContent = "reconnecting…"; };
          source.addEventListener("state", (m) => update(JSON.parse(m.data)));
          source.onmessage = (m) => {
            const e = JSON.parse(m.data);
            if (e.event === "alarm") beep();
          };
        }
        setInterval(render, 1000);
        setInterval(beep, 2000);
        fetch("/api/stations").then(r => r.json()).then(list => { list.forEach(update); });
        loadMe();
        connect();
        </script>
        </body>
        </html>
        """#
}
