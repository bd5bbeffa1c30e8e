#!/usr/bin/env python3
"""`make bench`: measures retrowalk against its targets (issue 15) and writes BENCHMARKS.md.

    scripts/bench/run.py                      every figure, BENCHMARKS.md at the top of the repository
    scripts/bench/run.py --only replay        the figures whose function name contains 'replay'
    scripts/bench/run.py --output /tmp/b.md   somewhere else

What it does: builds the nested Benchmarks/ package in release (the ordo-one/benchmark suite, the synthetic-day
generator and the `retrowalk` binary, all from one build folder), writes the inputs (the synthetic 24 h recording,
seed 1, and its first 12 h of beats as RR text), then calls every function registered with @figure. Each returns
rows: the figure, its value, its target, whether the target is met, and the command that measures it. The rows go
to BENCHMARKS.md with the machine, the date, the commit and the load average before and after, because wall-clock
figures taken on a shared 2-core machine move with what else runs there.

Adding a figure is one function: decorate it with @figure('Section'), measure (ctx gives the binaries, the
inputs, the ordo-one results and the NeuroKit2 venv), return [Row(...)]. Figures that need the new session engine
are `pending` rows, with the reason, until their function is written.

Python 3 standard library only; NeuroKit2 runs in a venv this script makes under Benchmarks/.build/bench/.
"""

import argparse
import datetime
import json
import os
import platform
import re
import shlex
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCH = os.path.join(ROOT, 'Benchmarks')
WORK = os.path.join(BENCH, '.build', 'bench')
NEUROKIT = 'neurokit2==0.2.13'
DAY_READINGS = 86_400


@dataclass
class Row:
    """One figure of BENCHMARKS.md."""
    name: str
    value: str
    target: str = '—'
    met: str = '—'  # 'yes', 'no', '—' (no target) or 'pending'
    command: str = ''
    note: str = ''


@dataclass
class Context:
    """What the figures share: binaries, inputs, and results computed once."""
    retrowalk: str
    synthetic_day: str
    day_csv: str
    rr12h: str
    jmh: dict = field(default_factory=dict)  # ordo-one results: benchmark -> metric -> (unit, percentiles)
    venv_python: str = ''


FIGURES = []


def figure(section):
    """Registers a figure function under a section of BENCHMARKS.md."""
    def register(function):
        FIGURES.append((section, function))
        return function
    return register


def log(message):
    print(f'bench: {message}', file=sys.stderr, flush=True)


def run(command, **kwargs):
    """Runs a command, failing with its output when it fails."""
    result = subprocess.run(command, cwd=ROOT, text=True, capture_output=True, **kwargs)
    if result.returncode != 0:
        sys.exit(f'bench: {shlex.join(command)} failed ({result.returncode}):\n{result.stdout}{result.stderr}')
    return result.stdout


def timed(command, stdout_path=os.devnull):
    """Runs a command once; returns (seconds, max RSS in MB) of that process alone (wait4's rusage)."""
    with open(stdout_path, 'w') as out, open(os.path.join(WORK, 'stderr.txt'), 'w') as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        with open(os.path.join(WORK, 'stderr.txt')) as err:
            sys.exit(f'bench: {shlex.join(command)} failed:\n{err.read()}')
    return seconds, usage.ru_maxrss / 1024


def best_of(count, command, stdout_path=os.devnull):
    """The fastest of `count` runs: (seconds, max RSS in MB of that run)."""
    return min(timed(command, stdout_path) for _ in range(count))


def rel(path):
    return os.path.relpath(path, ROOT)


# MARK: - Preparation

def prepare():
    os.makedirs(WORK, exist_ok=True)
    log('building Benchmarks/ in release (the first build takes several minutes)')
    run(['swift', 'build', '-c', 'release', '--package-path', BENCH])
    run(['swift', 'build', '-c', 'release', '--package-path', BENCH, '--product', 'retrowalk'])
    bin_path = run(['swift', 'build', '-c', 'release', '--package-path', BENCH, '--show-bin-path']).strip()
    context = Context(
        retrowalk=os.path.join(bin_path, 'retrowalk'),
        synthetic_day=os.path.join(bin_path, 'synthetic-day'),
        day_csv=os.path.join(WORK, 'day.csv'),
        rr12h=os.path.join(WORK, 'rr12h.txt'),
    )
    with open(context.day_csv, 'w') as out:
        subprocess.run([context.synthetic_day, '1'], stdout=out, check=True)
    with open(context.rr12h, 'w') as out:
        subprocess.run([context.synthetic_day, '1', '--rr-hours', '12'], stdout=out, check=True)
    return context


def ordo_results(context):
    """Runs the ordo-one/benchmark suite once; keeps each benchmark's percentiles by name and metric.

    The suite writes one TSV per benchmark and metric (`--format histogramPercentiles`), named after the benchmark
    with spaces as underscores; rows are `percentile<TAB>value`, the header names the metric and its unit.
    """
    if context.jmh:
        return context.jmh
    log('running the ordo-one benchmarks (swift package benchmark)')
    out = os.path.join(WORK, 'ordo')
    if os.path.isdir(out):
        for name in os.listdir(out):
            os.remove(os.path.join(out, name))
    os.makedirs(out, exist_ok=True)
    run(['swift', 'package', '--package-path', BENCH, '--allow-writing-to-package-directory', 'benchmark',
         '--format', 'histogramPercentiles', '--path', out, '--no-progress'])
    for name in os.listdir(out):
        parts = name.split('.')
        if not name.endswith('.histogram.percentiles.tsv') or len(parts) < 6:
            continue
        benchmark, metric = '.'.join(parts[2:-4]), parts[-4]
        with open(os.path.join(out, name)) as file:
            header, *rows = [line.rstrip('\n').split('\t') for line in file if line.strip()]
        values = {int(float(percentile)): float(value) for percentile, value in rows}
        context.jmh.setdefault(benchmark, {})[metric] = (header[1], values)
    return context.jmh


def ordo_median_ms(context, name):
    """The median wall-clock time of an ordo-one benchmark in ms, and its median malloc count (or None)."""
    results = ordo_results(context)
    key = name.replace(' ', '_')
    if key not in results:
        sys.exit(f'bench: no ordo-one result for {name!r}; have: {", ".join(sorted(results))}')
    unit, values = results[key]['wallClock']
    scale = 1e-3 if '(μs)' in unit or '(us)' in unit else 1e-6 if '(ns)' in unit else 1
    mallocs = None
    if 'mallocCountTotal' in results[key]:
        malloc_unit, malloc_values = results[key]['mallocCountTotal']
        mallocs = malloc_values[50] * (1000 if '(K)' in malloc_unit else 1)
    return values[50] * scale, mallocs


def neurokit_python():
    """The venv's python with NeuroKit2, made on first use."""
    venv = os.path.join(WORK, 'neurokit-venv')
    python = os.path.join(venv, 'bin', 'python')
    if not os.path.exists(python):
        log(f'making a venv with {NEUROKIT} (PyPI) in {rel(venv)}')
        run([sys.executable, '-m', 'venv', venv])
        run([python, '-m', 'pip', 'install', '--quiet', NEUROKIT])
    return python


# MARK: - Figures

@figure('Replay')
def replay_whole_process(context):
    command = [context.retrowalk, 'replay', context.day_csv]
    seconds, rss = best_of(3, command)
    rate = DAY_READINGS / seconds
    return [Row(
        'retrowalk replay of the synthetic 24 h recording (86,400 notifications), whole process, best of 3',
        f'{seconds * 1000:.0f} ms = {rate / 1e6:.2f} M readings/s (max RSS {rss:.0f} MB)',
        '≥ 1 M readings/s (24 h in < 90 ms)', 'yes' if rate >= 1e6 else 'no',
        f'{rel(context.retrowalk)} replay {rel(context.day_csv)}',
        'day.csv: Benchmarks synthetic-day 1 (seeded, generated); the session ticks every 0.1 s of session time as '
        'live does (864,000 ticks), so the rules run ten times per notification')]


@figure('Analyze vs NeuroKit2')
def analyze_vs_neurokit(context):
    """`retrowalk analyze` beside NeuroKit2 on the same series, twice: against hrv_time alone (the issue's yardstick,
    which computes the time-domain measures over every interval as given), and against the same work analyze does
    (Lipponen-Tarvainen artefact detection, then the measures: signal_fixpeaks(method="Kubios") + hrv_time). In
    process, RRMetrics is analyze's whole analysis and TimeDomainMetrics the uncorrected measures alone."""
    python = neurokit_python()
    script = os.path.join(ROOT, 'scripts', 'bench', 'neurokit_hrv.py')
    series = 'synthetic 12 h RR series (synthetic-day 1 --rr-hours 12: seeded, generated, not a real recording)'
    ours, ours_rss = best_of(3, [context.retrowalk, 'analyze', context.rr12h])
    plain, plain_rss = best_of(3, [python, script, context.rr12h])
    kubios, kubios_rss = best_of(3, [python, script, context.rr12h, '--kubios'])
    plain_metrics = json.loads(run([python, script, context.rr12h, '--repeat', '20']))
    kubios_metrics = json.loads(run([python, script, context.rr12h, '--kubios', '--repeat', '5']))
    ours_json = json.loads(run([context.retrowalk, 'analyze', context.rr12h, '--json']))
    analysis_ms, _ = ordo_median_ms(
        context, "RRMetrics over the synthetic 12 h RR series (retrowalk analyze's metrics, in process)")
    measures_ms, _ = ordo_median_ms(
        context,
        'TimeDomainMetrics over the synthetic 12 h RR series (every interval as given, uncorrected, as NeuroKit2 computes them)')
    plain_ms = plain_metrics['median_s'] * 1000
    kubios_ms = kubios_metrics['median_s'] * 1000
    version = plain_metrics['neurokit2']
    count = plain_metrics['intervals']
    commands = f'{rel(context.retrowalk)} analyze {rel(context.rr12h)}; {rel(python)} {rel(script)} {rel(context.rr12h)}'

    def whole(label, theirs, theirs_rss, flag):
        ratio = theirs / ours
        return Row(f'analyze vs NeuroKit2 {version} {label}, whole process, best of 3, {count} intervals',
                   f'retrowalk {ours * 1000:.0f} ms ({ours_rss:.0f} MB), NeuroKit2 {theirs * 1000:.0f} ms '
                   f'({theirs_rss:.0f} MB): {ratio:.1f}×',
                   '≥ 10×', 'yes' if ratio >= 10 else 'no', commands + flag, series)

    def in_process(label, ours_label, ours_ms, theirs_label, theirs_ms, runs, flag, note):
        ratio = theirs_ms / ours_ms
        return Row(f'{label}, in process (median: ordo-one benchmark; NeuroKit2 call(s) alone, {runs} runs)',
                   f'{ours_label} {ours_ms:.1f} ms, {theirs_label} {theirs_ms:.1f} ms: {ratio:.1f}×',
                   '≥ 100×', 'yes' if ratio >= 100 else 'no',
                   f'make bench (ordo-one); {rel(python)} {rel(script)} {rel(context.rr12h)}{flag} --repeat {runs}',
                   note)

    return [
        whole('hrv_time', plain, plain_rss, ''),
        whole('signal_fixpeaks(Kubios) + hrv_time (the same work)', kubios, kubios_rss, ' --kubios'),
        in_process('analyze vs hrv_time', 'RRMetrics', analysis_ms, 'hrv_time', plain_ms, 20, '',
                   'unequal work: RRMetrics also finds the artefacts (Lipponen-Tarvainen, the pattern test) and the '
                   'R8 windows; hrv_time takes the intervals as they are'),
        in_process('analyze vs signal_fixpeaks(Kubios) + hrv_time (the same work)', 'RRMetrics', analysis_ms,
                   'fixpeaks + hrv_time', kubios_ms, 5, ' --kubios',
                   'both detect the artefacts by Lipponen-Tarvainen, then compute the measures (NeuroKit2 corrects '
                   'the beats it finds, analyze leaves them out)'),
        in_process('uncorrected measures vs hrv_time (the same work)', 'TimeDomainMetrics', measures_ms, 'hrv_time',
                   plain_ms, 20, '', 'every interval as given; hrv_time also computes histogram and segment '
                   'measures (TINN, HTI, SDANN) that TimeDomainMetrics does not'),
        Row('the same series, values (retrowalk over NN intervals after ectopic removal; hrv_time over all; '
            'hrv_time after Kubios correction)',
            f'SDNN {ours_json["sdnn_ms"]:.1f} / {plain_metrics["sdnn_ms"]:.1f} / {kubios_metrics["sdnn_ms"]:.1f} ms, '
            f'RMSSD {ours_json["rmssd_ms"]:.1f} / {plain_metrics["rmssd_ms"]:.1f} / '
            f'{kubios_metrics["rmssd_ms"]:.1f} ms, pNN50 {ours_json["pnn50_percent"]:.1f} / '
            f'{plain_metrics["pnn50_percent"]:.1f} / {kubios_metrics["pnn50_percent"]:.1f} %',
            command=f'{rel(context.retrowalk)} analyze {rel(context.rr12h)} --json'),
    ]


@figure('In process (ordo-one/benchmark, median of up to 30 runs)')
def ordo_benchmarks(context):
    rows = []
    readings = {
        'Decode 86,400 0x2A37 notifications': DAY_READINGS,
        'Parse the 24 h project CSV (86,400 rows)': DAY_READINGS,
        'RuleEngine over the 24 h recording (86,400 samples, one tick each)': DAY_READINGS,
        'Replay the 24 h recording (retrowalk replay: the session engine ticking every 0.1 s as live, events counted)': DAY_READINGS,
        'Replay the 24 h recording with the beginner plan (rules, coach, cues)': DAY_READINGS,
    }
    for key in sorted(ordo_results(context)):
        name = key.replace('_', ' ')
        median, mallocs = ordo_median_ms(context, name)
        value = f'{median:.1f} ms'
        if name in readings:
            value += f' = {readings[name] / median / 1000:.2f} M/s'
        if mallocs is not None:
            value += f', {mallocs:,.0f} mallocs'
        rows.append(Row(name, value, command='make bench (swift package benchmark in Benchmarks/)'))
    return rows


def remove_database(path):
    """Removes a session database and its WAL files, so that a run starts with no stored sessions."""
    for suffix in ('', '-wal', '-shm'):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def alsa_config(kind):
    """An ALSA configuration file whose default PCM writes a WAV (`file`) or discards (`null`): no card needed."""
    path = os.path.join(WORK, f'asound-{kind}.conf')
    with open(path, 'w') as out:
        if kind == 'file':
            out.write(f'pcm.!default {{ type file; slave.pcm "null"; file "{WORK}/alsa.wav"; format "wav" }}\n')
        else:
            out.write('pcm.!default { type null }\n')
    return path


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


@figure('Live session (the session engine: real threads, queues and libasound)')
def live_session(context):
    rows = []
    database = os.path.join(WORK, 'live.sqlite')
    environment = dict(os.environ, ALSA_CONFIG_PATH=f'/usr/share/alsa/alsa.conf:{alsa_config("file")}',
                       XDG_DATA_HOME=os.path.join(WORK, 'data'))

    # Every walk skips the readiness check: it listens to the strap for 5 s and plays an 11 s sound test first.
    # Alarm latency: every alarm the ceiling scenario raises, 20 sessions on the manual clock (--speed max).
    latency_file = os.path.join(WORK, 'latency.tsv')
    if os.path.exists(latency_file):
        os.remove(latency_file)
    runs = 20
    for _ in range(runs):
        remove_database(database)
        subprocess.run([context.retrowalk, 'walk', '--skip-check', '--simulate', 'ceiling', '--speed', 'max', '--json',
                        '--db', database], cwd=ROOT, env=dict(environment, RETROWALK_BENCH_LATENCY_FILE=latency_file),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    with open(latency_file) as lines:
        alarms = [line.strip().split('\t') for line in lines if line.strip() and not line.startswith('first-cue')]
    urgent = [float(ms) for _, priority, ms in alarms if priority in ('high', 'medium')]
    every = [float(ms) for _, _, ms in alarms]
    rows.append(Row(
        'input that raised an alarm (notification read, or the tick that completed its persistence) → first block '
        'holding the alarm handed to ALSA (snd_pcm_writei), high and medium alarms',
        f'p50 {percentile(urgent, 0.5):.1f} ms, p99 {percentile(urgent, 0.99):.1f} ms (n = {len(urgent)}; all '
        f'priorities p50 {percentile(every, 0.5):.1f} / p99 {percentile(every, 0.99):.1f} ms, n = {len(every)})',
        'p99 ≤ 20 ms', 'yes' if percentile(urgent, 0.99) <= 20 else 'no',
        f'RETROWALK_BENCH_LATENCY_FILE=… {rel(context.retrowalk)} walk --simulate ceiling --speed max, {runs} runs, '
        'ALSA file plugin',
        'through the session driver, the ALSA player\'s inbox and playback thread; includes synthesis of the burst '
        'and the wait for the next 20 ms block'))

    # Reconnection: the simulator's link-return announcement → the first sample again (session seconds).
    output = subprocess.run([context.retrowalk, 'walk', '--skip-check', '--simulate', 'link-drop', '--speed', 'max', '--json',
                             '--render-audio', os.path.join(WORK, 'link.wav'), '--db', os.path.join(WORK, 'l.sqlite')],
                            cwd=ROOT, env=environment, capture_output=True, text=True, check=True).stdout
    events = [json.loads(line) for line in output.splitlines() if line.startswith('{')]
    back = next(e['t'] for e in events if e['event'] == 'sim' and e.get('fault') == 'link-return')
    restored = next(e['t'] for e in events if e['event'] == 'signal' and e.get('state') == 'restored')
    rows.append(Row('strap back after a 20 s link drop → samples again (simulator, session time)',
                    f'{restored - back:.1f} s', '≤ 2 s', 'yes' if restored - back <= 2 else 'no',
                    f'{rel(context.retrowalk)} walk --simulate link-drop --json: link-return sim event → signal restored',
                    'retries every second after 0.5 s; the strap notifies once a second'))

    # A live simulated session at 1x for 120 s: CPU (user + system) and max RSS of the process (wait4's rusage).
    start = time.perf_counter()
    process = subprocess.Popen([context.retrowalk, 'walk', '--skip-check', '--simulate', '--speed', '1', '--duration', '120',
                                '--db', os.path.join(WORK, 'cpu.sqlite')], cwd=ROOT,
                               env=dict(environment, ALSA_CONFIG_PATH=f'/usr/share/alsa/alsa.conf:{alsa_config("null")}'),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # What the RSS is: anonymous memory (the process's own: heap, stacks, relocated data) and file-backed pages
    # (code and read-only data of the binary and its libraries, shared with every process mapping them), read from
    # /proc every 2 s; the largest of each is kept.
    largest = {'RssAnon': 0, 'RssFile': 0}
    while True:
        finished, status, usage = os.wait4(process.pid, os.WNOHANG)
        if finished:
            break
        try:
            with open(f'/proc/{process.pid}/status') as lines:
                for line in lines:
                    key = line.split(':')[0]
                    if key in largest:
                        largest[key] = max(largest[key], int(line.split()[1]) / 1024)
        except OSError:
            pass
        time.sleep(2)
    elapsed = time.perf_counter() - start
    cpu = (usage.ru_utime + usage.ru_stime) / elapsed * 100
    rss = usage.ru_maxrss / 1024
    rows.append(Row('live simulated session at 1× for 120 s (simulator included, ALSA null device)',
                    f'{cpu:.2f} % of a core, max RSS {rss:.0f} MB (largest anonymous {largest["RssAnon"]:.0f} MB, '
                    f'file-backed {largest["RssFile"]:.0f} MB)', '≤ 1 % of a core, ≤ 30 MB',
                    'yes' if cpu <= 1 and rss <= 30 else 'no',
                    f'{rel(context.retrowalk)} walk --simulate --speed 1 --duration 120, wait4 rusage, '
                    '/proc/PID/status',
                    'file-backed: the code and read-only data of the binary and of the Swift runtime, Foundation, '
                    'SQLite and libasound that the process touched (faulted in 64 KB at a time), shared with every '
                    'process that maps them'))

    # Start → first cue: from just before the process is started to the first cue's block handed to ALSA.
    starts = []
    for _ in range(5):
        if os.path.exists(latency_file):
            os.remove(latency_file)
        started = time.time()
        subprocess.run([context.retrowalk, 'walk', '--skip-check', '--simulate', '--speed', '1', '--duration', '2',
                        '--db', os.path.join(WORK, 'start.sqlite')], cwd=ROOT,
                       env=dict(environment, RETROWALK_BENCH_LATENCY_FILE=latency_file),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        with open(latency_file) as lines:
            cue = next(float(line.split('\t')[2]) for line in lines if line.startswith('first-cue'))
        starts.append((cue - started) * 1000)
    rows.append(Row('start → first spoken cue handed to ALSA (process start, clips, store, simulated strap connected)',
                    f'median {percentile(starts, 0.5):.0f} ms, worst {max(starts):.0f} ms of 5',
                    '≤ 300 ms', 'yes' if percentile(starts, 0.5) <= 300 else 'no',
                    f'RETROWALK_BENCH_LATENCY_FILE=… {rel(context.retrowalk)} walk --simulate --speed 1 --skip-check',
                    'without the readiness check (--skip-check), which listens to the strap for 5 s and plays the '
                    '11 s sound test first'))
    rows.append(soak(context, environment))
    return rows


SOAK_PLAN = """name: soak
summary: 8 h of session time for the soak benchmark (make bench); 20 bouts, the most a plan may hold
setting: treadmill
steps:
  - warmup: {duration_s: 1800}
  - repeat: 20
    steps:
      - backward: {duration_s: 600}
    between:
      - recovery: {duration_s: 710}
  - cooldown: {duration_s: 1510}
"""


def soak(context, environment):
    """8 h of session time through the live engine (ALSA null device, store, --json to /dev/null) at 100×, the fastest
    pace --speed takes (about 5 minutes), with the process's RSS and open fds sampled from /proc every 0.5 s.

    Not at --speed max: there the session produces 8 h of samples in a few seconds, faster than SQLite stores them,
    and the store's queue (which holds hours of samples by design) takes the backlog: RSS climbs with it and falls
    when it drains, which says nothing about leaks."""
    plan = os.path.join(WORK, 'soak.yaml')
    with open(plan, 'w') as out:
        out.write(SOAK_PLAN)
    database = os.path.join(WORK, 'soak.sqlite')
    remove_database(database)
    command = [context.retrowalk, 'walk', '--skip-check', '--simulate', 'steady', '--plan', plan, '--no-progression',
               '--speed', '100', '--json', '--db', database]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env=dict(environment, ALSA_CONFIG_PATH=f'/usr/share/alsa/alsa.conf:{alsa_config("null")}'))
    samples = []  # (seconds, RSS MB, open fds)
    start = time.monotonic()
    while process.poll() is None:
        try:
            with open(f'/proc/{process.pid}/status') as status:
                rss = next(int(line.split()[1]) for line in status if line.startswith('VmRSS')) / 1024
            samples.append((time.monotonic() - start, rss, len(os.listdir(f'/proc/{process.pid}/fd'))))
        except (OSError, StopIteration):
            pass
        time.sleep(0.5)
    if process.returncode != 0 or len(samples) < 10:
        sys.exit(f'bench: the soak session failed (exit {process.returncode}, {len(samples)} samples)')
    elapsed = time.monotonic() - start
    # After the start-up (the first tenth: clips decoded, store opened, strap connected), RSS and fds must stay flat.
    steady = [sample for sample in samples if sample[0] >= elapsed / 10]
    low, high = min(rss for _, rss, _ in steady), max(rss for _, rss, _ in steady)
    spread = (high - low) / low * 100
    fds_first, fds_last, fds_max = steady[0][2], steady[-1][2], max(fds for _, _, fds in steady)
    return Row('soak: 8 h of session time at --speed 100 (steady scenario, 20 bouts, ALSA null device)',
               f'{elapsed:.0f} s wall; RSS {low:.1f}-{high:.1f} MB after start-up (spread {spread:.1f} %); '
               f'open fds {fds_first} → {fds_last} (max {fds_max})',
               'RSS flat within 5 %, no growth in open fds',
               'yes' if spread <= 5 and fds_last <= fds_first else 'no',
               f'{rel(context.retrowalk)} walk --simulate steady --plan soak.yaml --speed 100; /proc/PID/status, /proc/PID/fd',
               f'{len(samples)} samples every 0.5 s; the plan is written by the script (28,800 s); not at --speed max, '
               'where the store\'s queue holds the backlog of a session faster than SQLite (RSS rises and drains)')


@figure('Clinic (station → broker → dashboard)')
def clinic_load(context):
    """scripts/bench-clinic.py: 50 stations at --speed max against one Mosquitto and one clinic, alarm → SSE."""
    rows = []
    for nice in (19, 0):
        best = None
        for _ in range(3):
            result = subprocess.run([sys.executable, os.path.join(ROOT, 'scripts', 'bench-clinic.py'), '--stations',
                                     '50', '--nice', str(nice), '--binary', context.retrowalk],
                                    cwd=ROOT, capture_output=True, text=True, timeout=600)
            match = re.search(r'alarms raised (\d+), on the dashboard (\d+), missing (\d+).*?'
                              r'p50 (\d+) ms, p99 (\d+) ms, max (\d+) ms', result.stdout, re.S)
            if not match:
                sys.exit(f'bench: bench-clinic.py gave no figure:\n{result.stdout}{result.stderr}')
            raised, shown, missing, p50, p99, worst = map(int, match.groups())
            if best is None or p99 < best[4]:
                best = (raised, shown, missing, p50, p99, worst)
        raised, shown, missing, p50, p99, worst = best
        rows.append(Row(
            f'station alarm → dashboard SSE event, 50 stations at --speed max (stations at nice {nice})',
            f'p50 {p50} ms, p99 {p99} ms, max {worst} ms; {shown} of {raised} alarms shown',
            'p99 ≤ 1 s', 'yes' if p99 <= 1000 and missing == 0 else 'no',
            f'scripts/bench-clinic.py --stations 50 --nice {nice}',
            'best of 3 runs; ' + ('in use each station is a computer of its own: their CPU is not the clinic\'s'
                                  if nice else '50 sessions at --speed max share the 2 cores with broker and clinic')))
    return rows


# MARK: - Report

def machine():
    cpu = '?'
    try:
        with open('/proc/cpuinfo') as file:
            cpu = next(line.split(':', 1)[1].strip() for line in file if line.startswith('model name'))
    except (OSError, StopIteration):
        pass
    memory = os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30
    swift = run(['swift', '--version']).splitlines()[0]
    commit = subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], cwd=ROOT, text=True,
                            capture_output=True).stdout.strip() or '?'
    dirty = subprocess.run(['git', 'status', '--porcelain', '--', '.', ':!BENCHMARKS.md'], cwd=ROOT, text=True,
                           capture_output=True).stdout.strip()
    return {
        'CPU': f'{cpu}, {os.cpu_count()} cores',
        'memory': f'{memory:.0f} GiB',
        'system': f'{platform.system()} {platform.release()}',
        'Swift': swift,
        'commit': commit + (' (with uncommitted changes)' if dirty else ''),
    }


def existing_sections(path):
    """The sections (## title → lines under it) of a BENCHMARKS.md written before, in order."""
    sections = {}
    if not os.path.exists(path):
        return sections
    title = None
    with open(path) as file:
        for line in file.read().splitlines():
            if line.startswith('## '):
                title = line[3:]
                sections[title] = []
            elif title is not None:
                sections[title].append(line)
    for lines in sections.values():
        while lines and not lines[-1].strip():
            lines.pop()
    return sections


def write(path, sections, facts, started, load_before, load_after, partial):
    stamp = (f'Measured {started:%Y-%m-%d %H:%M} UTC at commit {facts["commit"]}, load average (1 min) '
             f'{load_before:.2f} / {load_after:.2f} before / after.')
    kept = existing_sections(path) if partial else {}
    kept.pop('Machine', None)
    lines = [
        '# BENCHMARKS',
        '',
        ('Written by `make bench` (scripts/bench/run.py); every figure with its target and the command that measures '
         'it, each section with when it was measured (`--only` measures some sections again and keeps the others). '
         'Release builds; whole-process figures are the best of 3 runs, in-process figures the median of '
         'ordo-one/benchmark\'s runs. Wall-clock figures move with the machine\'s load: compare instruction counts '
         '(valgrind --tool=callgrind) for before/after work.'),
        '',
        '## Machine',
        '',
    ]
    lines += [f'- {key}: {value}' for key, value in facts.items() if key != 'commit']
    fresh = {}
    for section, rows in sections:
        body = ['', stamp, '', '| figure | value | target | met | command | note |', '|---|---|---|---|---|---|']
        for row in rows:
            cells = [row.name, row.value, row.target, row.met, f'`{row.command}`' if row.command else '', row.note]
            body.append('| ' + ' | '.join(cell.replace('|', '\\|') for cell in cells) + ' |')
        fresh[section] = body
    # The order of the figures in this script; sections of an older file that it no longer measures go last.
    order = list(dict.fromkeys([section for section, _ in FIGURES] + list(kept)))
    for section in order:
        body = fresh.get(section, kept.get(section))
        if body is not None:
            lines += ['', f'## {section}'] + body
    with open(path, 'w') as file:
        file.write('\n'.join(lines) + '\n')


def main():
    parser = argparse.ArgumentParser(description='Measures retrowalk against its targets and writes BENCHMARKS.md.')
    parser.add_argument('--only', action='append', default=[],
                        help='run only the figures whose function name contains this (repeatable)')
    parser.add_argument('--output', default=os.path.join(ROOT, 'BENCHMARKS.md'), help='the file to write')
    arguments = parser.parse_args()
    chosen = [(section, function) for section, function in FIGURES
              if not arguments.only or any(part in function.__name__ for part in arguments.only)]
    if not chosen:
        names = ', '.join(function.__name__ for _, function in FIGURES)
        sys.exit(f'bench: no figure matches --only {" ".join(arguments.only)}; the figures are: {names}')
    started = datetime.datetime.now(datetime.timezone.utc)
    clock = time.perf_counter()
    load_before = os.getloadavg()[0]
    context = prepare()
    sections = []
    for section, function in chosen:
        log(f'measuring {function.__name__}')
        rows = function(context)
        for row in rows:
            print(f'{row.name}: {row.value} (target {row.target}, met: {row.met})', flush=True)
        sections.append((section, rows))
    write(arguments.output, sections, machine(), started, load_before, os.getloadavg()[0],
          partial=bool(arguments.only))
    log(f'measured in {time.perf_counter() - clock:.0f} s')
    log(f'wrote {rel(arguments.output)}')


if __name__ == '__main__':
    main()
