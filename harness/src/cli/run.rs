//! `mynakit run`: flags in, a table of verdicts and the reports out. The work is in
//! `mynakit_harness::run`.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::Context;
use mynakit_fixtures::Fixtures;
use mynakit_harness::report::lang::msg;
use mynakit_harness::report::{self, Lang, RunReport, ScenarioReport};
use mynakit_harness::run::{self, ClientSpec, RunConfig, Transport};

/// `run --help`'s groups, by task: a first-day reader finds the flag for what they are doing
/// among a few, not in one list of forty.
const CLIENT: &str = "The client under test";
const READER: &str = "Cards and readers";
const CHOOSING: &str = "Choosing scenarios";
const RULES: &str = "Rules and days";
const JUDGING: &str = "Judging";
const REPORTS: &str = "Reports";

/// `mynakit run` flags.
#[derive(clap::Args, Clone)]
pub(crate) struct RunArgs {
    /// Scenario files or folders (default: the bundled scenarios). The word `bundled` stands
    /// for the bundled set, so `run bundled mine/` runs both (unless a file of that name is
    /// here).
    paths: Vec<PathBuf>,
    /// The client under test, a command run with `sh -c` (default: the built-in reference
    /// client). It gets the MYNAKIT_* variables of `mynakit docs client-protocol` and runs in
    /// each scenario's own folder, so give a script by absolute path (`python3
    /// $PWD/client.py`). A command that cannot run at all stops the run with one error, exit
    /// status 2 (`mynakit docs client-protocol`, "When the client cannot start").
    #[arg(help_heading = CLIENT, long, value_name = "CMD")]
    client: Option<String>,
    /// A Windows program (64-bit, WinSCard) to judge under Wine, as the client: run through the
    /// launcher built into mynakit against the scenario's readers over pcscd, with the client
    /// protocol's environment, stdin and stdout (`mynakit docs windows`). Needs the Wine root
    /// (`mynakit windows setup`); checked, with the pcsc-lite versions, before any scenario.
    #[arg(help_heading = CLIENT, long, value_name = "PROGRAM.exe", conflicts_with_all = ["client", "defects"])]
    windows: Option<PathBuf>,
    /// One argument for the --windows program, after its path; repeat it for several, in
    /// order (`--windows-arg --port --windows-arg 8443`). Each reaches the program as one
    /// argument, spaces and quotes included (`mynakit docs windows`).
    #[arg(help_heading = CLIENT,
        long,
        value_name = "ARG",
        requires = "windows",
        allow_hyphen_values = true,
        action = clap::ArgAction::Append
    )]
    windows_arg: Vec<String>,
    /// What `SCardStatus` answers as the state under --windows: `wine` (pcsc-lite's flags and
    /// event counter, as Wine passes them) or `windows` (Windows' one value, `SCARD_SPECIFIC`
    /// for a card in use; a small library preloaded into Wine, built with the host's `cc`;
    /// `mynakit docs windows`).
    #[arg(help_heading = CLIENT, long, value_enum, default_value_t = crate::cli::windows::StateArg::Wine, requires = "windows")]
    windows_state: crate::cli::windows::StateArg,
    /// A deliberate defect of the reference client (`mynakit docs reference-client`); repeatable.
    #[arg(help_heading = CLIENT, long = "defect", value_name = "NAME", conflicts_with = "client")]
    defects: Vec<String>,
    /// How the client reaches the cards.
    #[arg(help_heading = READER, long, value_enum, default_value_t = Transport::Auto)]
    transport: Transport,
    /// Which pcscd carries the readers with the PC/SC transport: a private one (managed; as
    /// root, or as any user where user namespaces are allowed), or the running system pcscd
    /// with Debian's vpcd config (two readers).
    #[arg(help_heading = READER, long, value_enum, default_value_t = crate::cli::PcscdArg::Auto)]
    pcscd: crate::cli::PcscdArg,
    /// Only scenarios whose id contains this text, or with this tag (`tag:mission`); terms
    /// joined by `,` must all hold, `!` negates one (`tag:pin,!tag:terminal`); repeatable (any
    /// may match).
    #[arg(help_heading = CHOOSING, long, value_name = "TEXT")]
    filter: Vec<String>,
    /// Leave out scenarios this filter matches (same form as --filter); repeatable.
    #[arg(help_heading = CHOOSING, long, value_name = "TEXT")]
    exclude: Vec<String>,
    /// The rule set of scenarios that name none, as a date (`mynakit docs rules`): the set in force
    /// that day. Default: the newest the client declares, else the newest (2025-05-21).
    #[arg(help_heading = RULES, long, value_name = "DATE")]
    rules: Option<mynakit_harness::protocol::RuleSet>,
    /// Run every scenario on this day, YYYY-MM-DD in JST (`mynakit docs rules`, "Running on another
    /// day"): its clock starts that day at its own time of day, its world (personas, their
    /// certificates, the dates it writes) moves by as many days, and it is judged by the rule
    /// set in force that day unless --rules names one. A scenario whose day is its point
    /// (`given.clock.pinned`), or whose world holds a date the move cannot keep, runs on its
    /// own day, and the report names it. From the first rule set's day (2021-03-04) to 2099-12-31;
    /// a later day is refused. Default: each scenario's own clock.
    #[arg(help_heading = RULES, long, value_name = "DATE")]
    as_of: Option<String>,
    /// Set a start's first day for this run, NAME=YYYY-MM-DD (`mynakit docs rules`, "Setting a
    /// start's day"): most starts' days are defaults (a notice's date, the first of a month), and
    /// an app that changed on another day is judged by its own. Names: information-viewing,
    /// diagnosis-info-viewing, face-auth-card, medical-assistance-online, jusei-ahaki, kyotaku, kenshin,
    /// history-hand-off, welfare-screen, app-registration, phone-card, paper-claims,
    /// visiting-nursing, emergency-viewing, myna-kyukyu. Repeatable; the others
    /// keep their own day, or the one `MYNAKIT_BEGAN` (NAME=DATE,…) sets.
    #[arg(help_heading = RULES, long, value_name = "NAME=DATE")]
    began: Vec<String>,
    /// A table of 訪問看護療養費 prices no public source gives mynakit (a code of the 2026-06
    /// revision, a price changed on 2026-06-01), one row a line: code<TAB>from<TAB>yen
    /// (`mynakit docs rules`, "Setting a station's prices"). It adds dated prices, never
    /// changes a public one; a KA priced by it is reported as priced by the table. A scenario
    /// that gives its own (`given.station_prices`) is judged by its own.
    #[arg(help_heading = RULES, long, value_name = "FILE")]
    station_prices: Option<PathBuf>,
    /// Judge by the suite of this day, YYYY-MM-DD (`mynakit docs suites`; `mynakit changes`
    /// lists each day's): the checks and bundled scenarios added after it are left out, a check
    /// SKIPPED ("new in D") and a scenario NOT-APPLICABLE, so a client certified on that day
    /// never FAILS by what came later. Unlike --rules, --as-of and --began it moves no rule,
    /// clock or start, only which checks and scenarios judge. Default: the newest suite.
    #[arg(help_heading = RULES, long, value_name = "DATE")]
    suite: Option<String>,
    /// The client's declared capabilities: role, modes, flows, rule sets (JSON or YAML;
    /// `mynakit docs client-protocol`, "Capabilities"). Scenarios it does not claim are
    /// NOT-APPLICABLE.
    #[arg(help_heading = JUDGING, long, value_name = "FILE")]
    capabilities: Option<PathBuf>,
    /// Waivers kept beside the app: YAML, a map from scenario id to a list of `{check, reason}`
    /// (`mynakit docs reports`). A waiver whose check no longer fails is reported as stale.
    #[arg(help_heading = JUDGING, long, value_name = "FILE")]
    expected_failures: Option<PathBuf>,
    /// A stale waiver (in a scenario or in --expected-failures) FAILS its scenario instead of
    /// being a WARNING.
    #[arg(help_heading = JUDGING, long)]
    strict_waivers: bool,
    /// The CI log: NOT-APPLICABLE scenarios as one count line in the table instead of a row
    /// each, and no progress line each (the reports still list every one; without the flag
    /// the log lists them all). `steps.sh run`, which the Action and the GitLab template run,
    /// sets it (`mynakit docs ci`).
    #[arg(help_heading = REPORTS, long)]
    ci_log: bool,
    /// report.html's detail: `problems` shows the runs with something to read (FAILED,
    /// WARNING, REVIEW, SKIPPED, FLAKY) in full and summarises those that PASSED or are
    /// NOT-APPLICABLE, which keeps a whole run's page a few MB; `all` shows every run in full
    /// (`mynakit docs reports`, "Sizes").
    #[arg(help_heading = REPORTS, long, value_name = "DETAIL", value_enum, default_value_t = report::detail::HTML_DEFAULT)]
    html_detail: report::detail::Detail,
    /// report.json's detail: `all`, complete (the contract tools read; each SKIPPED finding
    /// written once); `problems`, the smaller form the Action uploads: the runs that PASSED or
    /// are NOT-APPLICABLE without their timeline, terminal files, stderr and passed checks
    /// (`mynakit docs reports`, "Sizes").
    #[arg(help_heading = REPORTS, long, value_name = "DETAIL", value_enum, default_value_t = report::detail::JSON_DEFAULT)]
    json_detail: report::detail::Detail,
    /// report.xml's test case classnames: `scenarios` (`mynakit.scenarios` for every one, the
    /// default), `file` (`mynakit.scenarios.<scenario id>`) or `tag` (`mynakit.tag.<first
    /// tag>`), as CI tools group test cases by them (`mynakit docs reports`).
    #[arg(help_heading = REPORTS, long, value_name = "BY", value_enum, default_value_t = report::Classname::Scenarios)]
    junit_classname: report::Classname,
    /// Write a signed, self-contained evidence bundle into DIR (`mynakit docs evidence`): the
    /// reports, the scenario files, the capability declaration, the rule set, the tool
    /// version and a SHA-256 manifest signed with --evidence-key.
    #[arg(help_heading = REPORTS,
        long,
        value_name = "DIR",
        requires = "evidence_key",
        conflicts_with = "rerun_failed"
    )]
    evidence: Option<PathBuf>,
    /// The vendor's private key that signs the evidence manifest: Ed25519 or ECDSA P-256,
    /// PKCS#8 PEM (`openssl genpkey -algorithm ed25519`), unencrypted.
    #[arg(help_heading = REPORTS, long, value_name = "KEY.pem", requires = "evidence")]
    evidence_key: Option<PathBuf>,
    /// List the scenarios that would run, and exit.
    #[arg(help_heading = CHOOSING, long)]
    list: bool,
    /// How --list prints: `text` (a line per scenario) or `json` (one document for tools,
    /// `mynakit docs scenarios`).
    #[arg(help_heading = CHOOSING, long, value_enum, default_value_t = crate::cli::OutputFormat::Text, requires = "list")]
    format: crate::cli::OutputFormat,
    /// Only the scenarios that FAILED in the last report in --report-dir; their new results
    /// replace theirs in that report, the others stay (so a second rerun works).
    #[arg(help_heading = CHOOSING, long)]
    rerun_failed: bool,
    /// Run the chosen scenarios, then keep watching their files: each time files change, run
    /// the scenarios of the files that changed (a new file in a watched folder too) and print
    /// their table; the reports keep the others' results. A file that does not load shows its
    /// errors and the watch goes on. Ends with Ctrl-C (`mynakit docs scenarios`, "Writing a scenario
    /// in a loop").
    #[arg(help_heading = CHOOSING, long, conflicts_with_all = ["rerun_failed", "list", "manual", "evidence", "shard", "client_socket"])]
    watch: bool,
    /// Only shard I of N (e.g. `2/4`) of the chosen scenarios: disjoint, deterministic parts by
    /// scenario id, for CI jobs side by side; `mynakit report merge` joins their reports.
    #[arg(help_heading = CHOOSING, long, value_name = "I/N")]
    shard: Option<mynakit_harness::scenario::shard::Shard>,
    /// Scenarios run at once (default: the number of CPUs, at least 8: scenarios mostly wait
    /// on timeouts, backoff and a card that is not there, not on the CPU; over pcscd at most as
    /// many as the readers allow).
    #[arg(help_heading = JUDGING, long, short = 'j')]
    jobs: Option<usize>,
    /// Time limit per scenario in seconds, for scenarios without their own.
    #[arg(help_heading = JUDGING, long, default_value_t = run::DEFAULT_TIMEOUT_SECS)]
    timeout: u64,
    /// Stop after N scenario runs FAILED: no further scenario starts (those running finish),
    /// the reports hold those that ran and say the run was stopped (`mynakit docs reports`,
    /// "Stopping after failures"). Exit status 1.
    #[arg(help_heading = JUDGING, long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    max_failures: Option<u64>,
    /// Run each chosen scenario N times (with --rerun-failed, N times each that failed last):
    /// a pass rate per scenario, FLAKY when its attempts' levels differ, its verdict the worst
    /// attempt's (`mynakit docs reports`, "Repeated runs and flaky scenarios"). At most 100.
    #[arg(help_heading = JUDGING, long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=run::MAX_REPEAT as u64))]
    repeat: u64,
    /// Where the reports go.
    #[arg(help_heading = REPORTS, long, default_value = "target/mynakit-report")]
    report_dir: PathBuf,
    /// Manual mode for apps with a screen and no protocol support: prepare each scenario's
    /// world over pcscd, print the operator's steps for a person, and ask what the app showed.
    #[arg(help_heading = CLIENT, long, conflicts_with_all = ["client", "defects", "windows"])]
    manual: bool,
    /// Put each scenario's patient card behind an NFC relay, as a phone reads it
    /// (`mynakit docs mobile`): on 127.0.0.1, an ephemeral port per scenario, or on ADDR. The client
    /// gets MYNAKIT_RELAY and MYNAKIT_RELAY_TOKEN and is judged as claiming `transport: nfc`.
    #[arg(help_heading = CLIENT, long, value_name = "ADDR", num_args = 0..=1, default_missing_value = "127.0.0.1:0")]
    relay: Option<std::net::SocketAddr>,
    /// The client is an app that connects over TCP for each scenario run (a phone app, its
    /// instrumented UI test) and speaks the client protocol there, its `hello` carrying the
    /// token printed at start-up (`mynakit docs mobile`). ADDR: where to listen (default
    /// 127.0.0.1:0, an ephemeral loopback port; `0.0.0.0:PORT` for a phone on the network).
    #[arg(help_heading = CLIENT,
        long,
        value_name = "ADDR",
        num_args = 0..=1,
        default_missing_value = "127.0.0.1:0",
        conflicts_with_all = ["client", "defects", "windows"]
    )]
    client_socket: Option<std::net::SocketAddr>,
    /// How long each scenario run waits for the app to connect to --client-socket, in seconds.
    #[arg(help_heading = CLIENT, long, value_name = "SECS", default_value_t = run::DEFAULT_SOCKET_WAIT_SECS, requires = "client_socket")]
    client_socket_wait: u64,
    /// How a scenario's 資格確認端末 folders (req, res, face) reach the client: `none` (a local
    /// folder, MYNAKIT_TERMINAL_DIR) or `smb` (also a private loopback SMB share per scenario,
    /// its address and credentials in MYNAKIT_TERMINAL_SMB_*, and what the client does through it
    /// in the timeline; needs samba and samba-vfs-modules; `mynakit docs terminal`, "The share in a run").
    #[arg(help_heading = CLIENT, long, value_enum, value_name = "HOW", default_value_t = run::TerminalShare::None)]
    terminal_share: run::TerminalShare,
    /// Set by `mynakit certify`: the profile whose package this run writes
    /// (`mynakit docs certification`).
    #[arg(skip)]
    pub(crate) certify: Option<mynakit_harness::evidence::certification::Plan>,
}

impl RunArgs {
    /// `--evidence DIR`.
    pub(crate) fn evidence_dir(&self) -> Option<&std::path::Path> {
        self.evidence.as_deref()
    }

    /// `--list`.
    pub(crate) fn lists(&self) -> bool {
        self.list
    }

    /// The suite of `--suite`, else the newest.
    pub(crate) fn suite_judged(&self) -> anyhow::Result<mynakit_conformance::suite::Suite> {
        match &self.suite {
            Some(day) => mynakit_conformance::suite::Suite::of(day)
                .map_err(|e| anyhow::anyhow!("--suite {e}")),
            None => Ok(mynakit_conformance::suite::Suite::latest()),
        }
    }

    /// A certification package is the evidence of one whole run of its profile: the flags that
    /// would make it part of one, or several, are refused.
    pub(crate) fn refuse_for_certify(&self) -> anyhow::Result<()> {
        let refused = [
            (self.watch, "--watch"),
            (self.rerun_failed, "--rerun-failed"),
            (self.shard.is_some(), "--shard"),
            (self.max_failures.is_some(), "--max-failures"),
        ];
        match refused.iter().find(|(given, _)| *given) {
            Some((_, flag)) => anyhow::bail!(
                "certify does not take {flag}: a package holds one whole run of its profile"
            ),
            None => Ok(()),
        }
    }
}

/// Runs the scenarios; `Ok(true)` when none FAILED.
pub(crate) fn run_command(args: RunArgs, fixtures: Fixtures, lang: Lang) -> anyhow::Result<bool> {
    // A typo must not run a correct client and blame it; said before anything loads.
    if let Some(unknown) = super::unknown::defect(&args.defects, lang) {
        anyhow::bail!("{unknown}");
    }
    if args.watch {
        return watch(args, fixtures, lang);
    }
    run_once(args, fixtures, None, lang)
}

/// `--watch`: a run of everything chosen, then, each time scenario files change, a run of the
/// scenarios in those files, until SIGINT or SIGTERM ends it (exit status 128 + the signal).
fn watch(args: RunArgs, fixtures: Fixtures, lang: Lang) -> anyhow::Result<bool> {
    use mynakit_harness::scenario::watch::{Watched, POLL};
    let paths = mynakit_harness::scenario::resolve_paths(&args.paths)?;
    let stop = std::sync::Arc::<mynakit_harness::interrupt::Stop>::default();
    stop_on_signals(stop.clone())?;
    let mut watched = Watched::scan(&paths);
    let mut chosen = args.paths.clone();
    let mut watching = Watching {
        stop: stop.clone(),
        rerun: false,
    };
    loop {
        let mut once = args.clone();
        once.watch = false;
        once.paths = chosen;
        if let Err(e) = run_once(once, fixtures.clone(), Some(&watching), lang) {
            eprintln!(
                "{}",
                msg::error_line(lang, "mynakit run", &format!("{e:#}"))
            );
        }
        watching.rerun = true;
        let watched_paths = paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        eprintln!(
            "{}",
            report::untrusted::terminal(&msg::watching(lang, &watched_paths))
        );
        chosen = loop {
            if let Some(signal) = stop.signal() {
                run::release_shared_pcscd();
                std::process::exit(128 + signal);
            }
            std::thread::sleep(POLL);
            let changed = watched.changed();
            if !changed.is_empty() {
                break changed;
            }
        };
        for file in &chosen {
            eprintln!(
                "{}",
                report::untrusted::terminal(&msg::watched_changed(
                    lang,
                    &file.display().to_string()
                ))
            );
        }
    }
}

/// A run inside `--watch`: the watch's one signal listener, and whether this run repeats some
/// scenarios of the last (its results then replace theirs in the reports, the others stay).
struct Watching {
    stop: std::sync::Arc<mynakit_harness::interrupt::Stop>,
    rerun: bool,
}

/// One run of the chosen scenarios.
fn run_once(
    args: RunArgs,
    fixtures: Fixtures,
    watching: Option<&Watching>,
    lang: Lang,
) -> anyhow::Result<bool> {
    let (mut scenarios, previous) = match choose(&args, &fixtures, watching, lang)? {
        Chosen::Runs(scenarios, previous) => (scenarios, previous),
        Chosen::NothingToRerun(previous) => return Ok(previous.passed()),
    };
    let capabilities = declared_capabilities(&args)?;
    // The Wine root and the pcsc-lite versions are checked before anything runs; the launcher's
    // folder lives as long as the run.
    let windows = prepare_windows(&args, lang)?;
    let mut config = configure(
        &args,
        fixtures,
        capabilities,
        windows.as_ref().map(|(_, command)| command),
        &mut scenarios,
        lang,
    )?;
    // Only the modes the client claims, when that is known before it runs.
    let scenarios = run::claimed(scenarios, &config);
    expect_failures(&args, &scenarios, &mut config, lang)?;
    // A key that cannot sign fails before anything runs.
    let evidence_key = match &args.evidence_key {
        Some(path) => Some(mynakit_harness::evidence::SigningKey::from_pem_file(path)?),
        None => None,
    };
    if let Some(dir) = &args.evidence {
        mynakit_harness::evidence::check_target(dir)?;
    }
    // A report that could not be written would be found only after the run.
    if !args.list {
        run::check_client(&config)?;
        report::check_target(&args.report_dir)?;
    }
    if args.list {
        match args.format {
            crate::cli::OutputFormat::Text => print_list(&scenarios, &config, lang),
            crate::cli::OutputFormat::Json => println!("{:#}", list_json(&scenarios, &config)),
        }
        return Ok(true);
    }
    if scenarios.is_empty() {
        anyhow::bail!("{}", lang.t(msg::NO_SCENARIO_MATCHES));
    }
    set_limits(&args, &mut config, lang);
    start_client_socket(&args, &mut config, scenarios.len(), lang)?;
    // Said first, not only in the table at the end: the run is no judgement of them.
    let wanting_driver = run::wanting_driver(&scenarios, &config)?;
    if !wanting_driver.is_empty() {
        eprintln!("{}", msg::wanting_driver(lang, wanting_driver.len()));
    }
    match watching {
        Some(watching) => config.stop = watching.stop.clone(),
        None => stop_on_signals(config.stop.clone())?,
    }
    let report = run_and_show(&scenarios, &config, args.ci_log, lang)?;
    say_run_notices(&args, &report);
    let report = write_reports(&args, report, previous, lang)?;
    if let (Some(dir), Some(key)) = (&args.evidence, &evidence_key) {
        write_evidence(&args, dir, key, &report, &scenarios, lang)?;
    }
    Ok(end(&config, &report, watching, lang))
}

/// The runs `mynakit run` chose, or the last report when `--rerun-failed` finds nothing to rerun.
enum Chosen {
    /// The runs, with the last report their results replace runs of (`--rerun-failed`, or a
    /// watch's rerun).
    Runs(Vec<run::Loaded>, Option<RunReport>),
    /// `--rerun-failed`, and nothing FAILED in the last report.
    NothingToRerun(RunReport),
}

/// The runs of the scenario files, chosen by `--filter`, `--exclude`, `--rerun-failed` and
/// `--shard`.
fn choose(
    args: &RunArgs,
    fixtures: &Fixtures,
    watching: Option<&Watching>,
    lang: Lang,
) -> anyhow::Result<Chosen> {
    let paths = mynakit_harness::scenario::resolve_paths(&args.paths)?;
    // One run per mode a scenario means (`modes:`), each its own verdict (docs/scenarios.md).
    let scenarios = run::runs(load_scenarios(&paths, fixtures, lang)?);
    let in_lang = |e| anyhow::anyhow!("{}", msg::filter_error(lang, &e));
    let selection =
        mynakit_harness::scenario::filter::Selection::parse(&args.filter, &args.exclude)
            .map_err(in_lang)?;
    // A `tag:` no scenario has is said with the tags near it, after what matched nothing.
    let unknown_tags =
        super::unknown::tags(&selection, scenarios.iter().map(|s| &s.scenario), lang);
    // A certification runs its profile's mandatory runs of the bundled set, and all of any
    // scenario files of the vendor's own given beside it.
    let scenarios = match &args.certify {
        Some(plan) => {
            let bundled = mynakit_harness::scenario::locate_bundled()?;
            scenarios
                .into_iter()
                .filter(|l| !l.path.starts_with(&bundled) || plan.runs(&l.scenario.id))
                .collect()
        }
        None => scenarios,
    };
    let mut scenarios = selection.apply(scenarios, |s| &s.scenario).map_err(|e| {
        let mut text = msg::filter_error(lang, &e);
        for line in &unknown_tags {
            text.push_str("\n  ");
            text.push_str(line);
        }
        anyhow::anyhow!("{text}")
    })?;
    let previous = if args.rerun_failed {
        let previous = last_report(&args.report_dir, lang)?;
        let Some(failed) = run::failed_again(scenarios, &previous) else {
            let report = args.report_dir.join(report::JSON_FILE);
            println!(
                "{}",
                report::untrusted::terminal(&msg::nothing_to_rerun(
                    lang,
                    &report.display().to_string()
                ))
            );
            return Ok(Chosen::NothingToRerun(previous));
        };
        scenarios = failed;
        Some(previous)
    } else if watching.is_some_and(|w| w.rerun) {
        last_report(&args.report_dir, lang).ok()
    } else {
        None
    };
    if let Some(shard) = args.shard {
        scenarios = shard.select(scenarios, |s| s.scenario.id.as_str());
    }
    Ok(Chosen::Runs(scenarios, previous))
}

/// `--capabilities`: the client's declaration, read from its file.
fn declared_capabilities(
    args: &RunArgs,
) -> anyhow::Result<Option<mynakit_harness::protocol::Capabilities>> {
    let Some(path) = &args.capabilities else {
        return Ok(None);
    };
    let declared =
        mynakit_fixtures::yaml::from_file::<mynakit_harness::protocol::Capabilities>(path)?;
    // A declaration no app can have is a warning, and the run goes on: it was accepted
    // before the rule, and what a release accepted is never refused
    // (docs/client-protocol.md, "Capabilities").
    if let Err(contradiction) = declared.check() {
        eprintln!(
            "{}",
            report::untrusted::terminal(&format!(
                "mynakit run: WARNING: {}: {contradiction}",
                path.display()
            ))
        );
    }
    Ok(Some(declared))
}

/// `--windows`: the Wine root ready, and the command that runs the program through the launcher.
fn prepare_windows(
    args: &RunArgs,
    lang: Lang,
) -> anyhow::Result<Option<(crate::cli::windows::Windows, String)>> {
    let Some(program) = &args.windows else {
        return Ok(None);
    };
    if matches!(args.transport, Transport::InProcess) {
        anyhow::bail!("{}", lang.t(msg::WINDOWS_NEEDS_PCSCD));
    }
    let windows = crate::cli::windows::Windows::prepare(args.windows_state)?;
    let command = windows.client_command(program, &args.windows_arg)?;
    Ok(Some((windows, command)))
}

/// The run's configuration from the flags: the client (`--client`, the `--windows` launcher's
/// `windows_command`, else the reference client with its `--defect`s), the starts' days, the
/// day it runs on (which moves `scenarios`), pcscd, the rule set, the capabilities and the relay.
fn configure(
    args: &RunArgs,
    fixtures: Fixtures,
    capabilities: Option<mynakit_harness::protocol::Capabilities>,
    windows_command: Option<&String>,
    scenarios: &mut [run::Loaded],
    lang: Lang,
) -> anyhow::Result<RunConfig> {
    let client = match (&args.client, windows_command) {
        (Some(command), _) => ClientSpec::Command(command.clone()),
        (None, Some(command)) => ClientSpec::Command(command.clone()),
        (None, None) => ClientSpec::Reference {
            defects: args.defects.clone(),
        },
    };
    let by_flag =
        mynakit_harness::protocol::Starts::parse_all(args.began.iter().map(String::as_str))
            .map_err(|e| anyhow::anyhow!("--began {e}"))?;
    // `MYNAKIT_BEGAN` sets the starts no `--began` sets (a CI job's environment, docs/rules.md).
    // Bytes that are not UTF-8 are refused as `--began`'s would be, never taken as unset.
    let began_env = match std::env::var("MYNAKIT_BEGAN") {
        Err(std::env::VarError::NotUnicode(raw)) => anyhow::bail!(
            "MYNAKIT_BEGAN: not valid UTF-8 ({}); it holds RULE=YYYY-MM-DD, comma-separated",
            raw.to_string_lossy().escape_debug()
        ),
        found => found.unwrap_or_default(),
    };
    let from_env = mynakit_harness::protocol::Starts::from_env(&began_env)
        .map_err(|e| anyhow::anyhow!("MYNAKIT_BEGAN {e}"))?;
    let began = by_flag.or(&from_env);
    let as_of = match &args.as_of {
        Some(day) => {
            let as_of = mynakit_harness::scenario::as_of::AsOf::parse(day)?;
            Some(run::move_to(&as_of, scenarios, &fixtures, args.rules))
        }
        None => None,
    };
    let mut config = RunConfig::new(client, args.transport, fixtures);
    config.as_of = as_of;
    config.began = began;
    config.began_by_flag = by_flag;
    if let Some(path) = &args.station_prices {
        config.station_prices = std::sync::Arc::new(super::station_prices::load(path)?);
    }
    if let Some(day) = &args.suite {
        config.suite = Some(
            mynakit_conformance::suite::Suite::of(day)
                .map_err(|e| anyhow::anyhow!("--suite {e}"))?,
        );
    }
    config.pcscd = pcscd_choice(args.pcscd, lang)?;
    config.rules = args.rules;
    config.capabilities = capabilities;
    config.relay = args.relay;
    config.wine = windows_command.is_some();
    config.terminal_share = args.terminal_share;
    if let Some(addr) = args.relay.filter(|a| !a.ip().is_loopback()) {
        eprintln!(
            "mynakit run: WARNING: each scenario's NFC relay listens on {}, beyond loopback: \
             whoever reaches it and holds that scenario's token drives its card; the token is \
             required in every hello and is handed to the client in MYNAKIT_RELAY_TOKEN \
             (`mynakit docs mobile`)",
            addr.ip()
        );
    }
    Ok(config)
}

/// `--expected-failures` (each id it names that no chosen run has, warned of) and
/// `--strict-waivers`.
fn expect_failures(
    args: &RunArgs,
    scenarios: &[run::Loaded],
    config: &mut RunConfig,
    lang: Lang,
) -> anyhow::Result<()> {
    if let Some(path) = &args.expected_failures {
        let expected = mynakit_harness::run::ExpectedFailures::load(path)?;
        let names: Vec<String> = scenarios
            .iter()
            .flat_map(|s| std::iter::once(s.scenario.id.clone()).chain(s.scenario.aliases()))
            .collect();
        let ids: Vec<&str> = names.iter().map(String::as_str).collect();
        for id in expected.unknown_scenarios(&ids) {
            // The id is the file's own text: shown with its control characters escaped.
            eprintln!(
                "{}",
                report::untrusted::terminal(&msg::expected_failures_unknown(
                    lang,
                    &path.display().to_string(),
                    id
                ))
            );
        }
        config.expected_failures = Some(expected);
    }
    config.strict_waivers = args.strict_waivers;
    Ok(())
}

/// `--manual`, `--timeout`, `--max-failures`, `--repeat` and `--jobs`.
fn set_limits(args: &RunArgs, config: &mut RunConfig, lang: Lang) {
    if args.manual {
        config.manual = Some(std::sync::Arc::new(Console { lang }));
    }
    config.timeout_secs = args.timeout;
    config.max_failures = args
        .max_failures
        .map(|n| usize::try_from(n).unwrap_or(usize::MAX));
    config.repeat = usize::try_from(args.repeat).unwrap_or(run::MAX_REPEAT);
    config.jobs = args.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(8)
            .max(8)
    });
}

/// `--client-socket` bound, and the run's first line: how many runs, which client, which
/// transport (and the socket's start-up line, with its token).
fn start_client_socket(
    args: &RunArgs,
    config: &mut RunConfig,
    runs: usize,
    lang: Lang,
) -> anyhow::Result<()> {
    let transport = if args.manual {
        Transport::Pcscd
    } else {
        args.transport.resolve(
            matches!(config.client, ClientSpec::Reference { .. }) && args.client_socket.is_none(),
        )
    };
    if let Some(addr) = args.client_socket {
        let socket = run::ClientSocket::bind(
            addr,
            std::time::Duration::from_secs(args.client_socket_wait),
        )
        .with_context(|| format!("--client-socket {addr}"))?
        .announcing();
        config.client_socket = Some(std::sync::Arc::new(socket));
    }
    let client = match &config.client_socket {
        Some(socket) => format!("an app on the client socket {}", socket.addr()),
        None => config.client.describe(),
    };
    eprintln!("{}", msg::run_start(lang, runs, &client, transport.name()));
    if let Some(socket) = &config.client_socket {
        eprintln!("{}", socket.start_up_line());
    }
    Ok(())
}

/// Runs `scenarios` with the progress shown, then the table of verdicts (or the run's one
/// set-up failure) and whether `--max-failures` stopped it.
fn run_and_show(
    scenarios: &[run::Loaded],
    config: &RunConfig,
    ci_log: bool,
    lang: Lang,
) -> anyhow::Result<RunReport> {
    let progress = Progress::new(scenarios.len() as u64, lang, ci_log);
    let report = run::run(scenarios, config, &|s| progress.done(s))?;
    progress.finish();
    match &report.setup_failure {
        // The run's one error, first: a table of scenarios nobody judged would bury it.
        Some(failure) => {
            for line in msg::setup_failure(lang, failure) {
                eprintln!("{line}");
            }
        }
        None => crate::cli::table::print_table(&report, lang, ci_log),
    }
    if let Some(max) = report.max_failures {
        eprintln!("{}", msg::max_failures_reached(lang, max));
    }
    Ok(report)
}

/// What is said once for the run, after its table: a declaration's problem (a `--capabilities`
/// file's was said before the run) and what the suite left out (docs/suites.md).
fn say_run_notices(args: &RunArgs, report: &RunReport) {
    if args.capabilities.is_none() {
        for problem in &report.declaration {
            eprintln!("mynakit run: WARNING: {}", problem.notice());
        }
    }
    if let Some(notice) = report.suite.as_ref().and_then(report::RunSuite::notice) {
        eprintln!("mynakit run: {notice}");
    }
}

/// The reports written into `--report-dir` (a rerun's results over `previous`), their paths
/// printed, and GitHub's annotations and step summary; the report written.
fn write_reports(
    args: &RunArgs,
    report: RunReport,
    previous: Option<RunReport>,
    lang: Lang,
) -> anyhow::Result<RunReport> {
    // The table shows the rerun; the report keeps the scenarios that were not rerun.
    let report = match previous {
        Some(previous) => report::overlay(previous, report),
        None => report,
    };
    let details = report::WriteOptions {
        html: args.html_detail,
        json: args.json_detail,
        junit_classname: args.junit_classname,
    };
    let written =
        report::write_all_with(&report, &args.report_dir, lang, details).with_context(|| {
            format!(
                "{} {}",
                lang.t(msg::WRITING_REPORTS_TO),
                args.report_dir.display()
            )
        })?;
    for path in &written {
        // `--report-dir` is an argument: shown with its control characters escaped.
        println!(
            "{}: {}",
            lang.t(msg::REPORT),
            report::untrusted::terminal(&path.display().to_string())
        );
    }
    // What FAILED, by cause, and where to read it: the run's last lines.
    let page = written
        .iter()
        .find(|p| p.file_name() == Some(std::ffi::OsStr::new(report::HTML_FILE)))
        .map(|p| p.display().to_string());
    let recap = report::recap(&report, page.as_deref(), lang);
    if !recap.is_empty() {
        println!();
        // It names scenarios and the report folder (an argument): shown escaped.
        for line in recap {
            println!("{}", report::untrusted::terminal(&line));
        }
    }
    github_actions(&report, lang)?;
    Ok(report)
}

/// `--evidence DIR`: the signed bundle of the run written into `dir`.
fn write_evidence(
    args: &RunArgs,
    dir: &std::path::Path,
    key: &mynakit_harness::evidence::SigningKey,
    report: &RunReport,
    scenarios: &[run::Loaded],
    lang: Lang,
) -> anyhow::Result<()> {
    let expected_failures = match &args.expected_failures {
        Some(path) => Some(
            mynakit_fixtures::input::read(path, EXPECTED_FAILURES_BYTES)
                .with_context(|| format!("reading {}", path.display()))?,
        ),
        None => None,
    };
    let listed = mynakit_harness::evidence::write_bundle(
        dir,
        report,
        &mynakit_harness::evidence::BundleInput {
            scenarios,
            expected_failures,
            key,
            extra: certification_file(args, report),
            lang,
        },
    )?;
    println!(
        "evidence: {} ({listed} files, manifest signed with {})",
        report::untrusted::terminal(&dir.display().to_string()),
        key.algorithm().name()
    );
    Ok(())
}

/// `certify`'s `certification.json`, when this run is one.
fn certification_file(
    args: &RunArgs,
    report: &RunReport,
) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    if let Some(plan) = &args.certify {
        let mut text = serde_json::to_string_pretty(&plan.record(report)).unwrap_or_default();
        text.push('\n');
        files.insert(
            mynakit_harness::evidence::certification::FILE.to_owned(),
            text.into_bytes(),
        );
    }
    files
}

/// The end of a run: whether none FAILED, unless a signal stopped it or its set-up failed
/// outside a watch, which end the process (exit status 128 + the signal, or 2).
fn end(config: &RunConfig, report: &RunReport, watching: Option<&Watching>, lang: Lang) -> bool {
    if let Some(signal) = config.stop.signal() {
        // Every client group has ended and every scenario folder is gone; pcscd goes now.
        eprintln!(
            "{}",
            msg::run_interrupted(lang, &mynakit_harness::interrupt::signal_name(signal))
        );
        run::release_shared_pcscd();
        std::process::exit(128 + signal);
    }
    if report.setup_failure.is_some() && watching.is_none() {
        // Exit status 2, as for the program pre-check: the run has no verdict on the client.
        run::release_shared_pcscd();
        std::process::exit(2);
    }
    report.passed()
}

/// On GitHub Actions (`GITHUB_ACTIONS` set, as the runner sets it to `true`): an annotation per
/// scenario with problems on stdout (at most what GitHub shows; docs/ci.md), and the step summary appended to `$GITHUB_STEP_SUMMARY` (docs/reports.md).
fn github_actions(report: &RunReport, lang: Lang) -> anyhow::Result<()> {
    let Some(workspace) = github_workspace() else {
        return Ok(());
    };
    print!(
        "{}",
        report::annotations(
            report,
            &|file| report::in_repository(file, &workspace),
            lang
        )
    );
    if let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) {
        let path = std::path::PathBuf::from(path);
        mynakit_fixtures::output::write_file(
            &path,
            report::step_summary(report, lang).as_bytes(),
            mynakit_fixtures::output::WriteMode::Append,
        )
        .context("$GITHUB_STEP_SUMMARY")?;
    }
    Ok(())
}

/// The scenarios of `paths`, or every file that does not load in one error (and, on GitHub
/// Actions, an annotation at each one's file and line, titled in `lang`).
pub(crate) fn load_scenarios(
    paths: &[PathBuf],
    fixtures: &Fixtures,
    lang: Lang,
) -> anyhow::Result<Vec<run::Loaded>> {
    run::load(paths, fixtures).map_err(|errors| {
        if let Some(workspace) = github_workspace() {
            print!(
                "{}",
                report::load_annotations(
                    &errors,
                    &|file| report::in_repository(file, &workspace),
                    lang
                )
            );
        }
        let heading = msg::files_do_not_load(lang, &errors);
        let listed = mynakit_harness::scenario::errors_with_source(&errors, &heading, &|m| {
            msg::load_message(lang, m)
        });
        if errors.missing_path() {
            anyhow::anyhow!("{listed}\n{}", lang.t(msg::MISSING_SCENARIOS_HINT))
        } else {
            anyhow::anyhow!("{listed}")
        }
    })
}

/// On GitHub Actions (`GITHUB_ACTIONS` set, as the runner sets it to `true`), the repository's
/// root: GitHub's checkout (`GITHUB_WORKSPACE`), else the folder mynakit runs in.
fn github_workspace() -> Option<std::path::PathBuf> {
    let on = std::env::var_os("GITHUB_ACTIONS").is_some_and(|v| !v.is_empty() && v != "false");
    on.then(|| {
        std::env::var_os("GITHUB_WORKSPACE")
            .filter(|w| !w.is_empty())
            .map_or_else(|| std::path::PathBuf::from("."), std::path::PathBuf::from)
    })
}

/// The pcscd of `--pcscd`.
pub(crate) fn pcscd_choice(
    arg: crate::cli::PcscdArg,
    lang: Lang,
) -> anyhow::Result<mynakit_reader::PcscdChoice> {
    Ok(match arg {
        crate::cli::PcscdArg::Auto => mynakit_reader::PcscdChoice::auto(),
        crate::cli::PcscdArg::Managed => mynakit_reader::PcscdChoice::Managed,
        crate::cli::PcscdArg::System => mynakit_reader::PcscdChoice::System,
        crate::cli::PcscdArg::None => anyhow::bail!("{}", lang.t(msg::PCSCD_NONE)),
    })
}

/// `--list`: each scenario with the rule set it would be judged by and, when the client's
/// capabilities are known before the run, whether it claims it.
fn print_list(scenarios: &[run::Loaded], config: &RunConfig, lang: Lang) {
    print_claims(config, lang);
    for s in scenarios {
        let rules = s.scenario.rules.unwrap_or_else(|| config.run_rules());
        println!("{:<32} {:<10} {}", s.scenario.id, rules, s.scenario.title);
        if let Some(reason) = config.unclaimed(&s.scenario) {
            println!(
                "    {}: {}",
                lang.level(mynakit_conformance::Level::NotApplicable),
                msg::unclaimed(lang, &reason)
            );
        }
    }
}

/// `--list --format json`: `{"rules", "capabilities", "scenarios": [{"id", "scenario", "mode",
/// "title", "rules", "tags", "file", "not_applicable"}]}` (one entry per run: `id` is the run's
/// name, `scenario` its file's id); `capabilities` is the summary of the declared ones or
/// null, `not_applicable` the reason the declared capabilities leave a scenario out, or null.
fn list_json(scenarios: &[run::Loaded], config: &RunConfig) -> serde_json::Value {
    let declared = config.declared();
    let list: Vec<_> = scenarios
        .iter()
        .map(|s| {
            let rules = s.scenario.rules.unwrap_or_else(|| config.run_rules());
            let not_applicable = config
                .unclaimed(&s.scenario)
                .map(|u| msg::unclaimed(Lang::En, &u));
            serde_json::json!({
                "id": s.scenario.id,
                "scenario": s.scenario.file_id(),
                "mode": s.scenario.run_mode_name(),
                "title": s.scenario.title,
                "rules": rules.to_string(),
                "tags": s.scenario.tags,
                "file": s.path.display().to_string(),
                "not_applicable": not_applicable,
            })
        })
        .collect();
    serde_json::json!({
        "rules": config.run_rules().to_string(),
        "capabilities": declared.map(|c| c.summary()),
        "scenarios": list,
    })
}

/// The rule set and the declared capabilities, one line each, on stderr and before the list:
/// stdout lists only ids, which scripts parse (`--list | awk '{print $1}'`), so the header stays
/// off it (docs/scenarios.md). Both streams on one terminal, or `2>&1`, show it first.
fn print_claims(config: &RunConfig, lang: Lang) {
    let rules = config.run_rules();
    eprintln!(
        "{}",
        msg::list_rules(lang, &rules.to_string(), &msg::rule_changes(lang, rules))
    );
    eprintln!(
        "{}",
        msg::list_capabilities(lang, config.declared().as_ref())
    );
    // After the two lines earlier releases wrote, which scripts may read by place.
    let suite = config
        .suite
        .unwrap_or_else(mynakit_conformance::suite::Suite::latest);
    eprintln!("{}", msg::list_suite(lang, suite.day(), suite.is_latest()));
}

/// The most `--expected-failures` reads: a list of scenario ids, far under a mebibyte.
const EXPECTED_FAILURES_BYTES: u64 = 1 << 20;

fn last_report(dir: &std::path::Path, lang: Lang) -> anyhow::Result<RunReport> {
    let path = dir.join(report::JSON_FILE);
    let bytes = mynakit_fixtures::input::read(&path, report::MAX_JSON_BYTES)
        .with_context(|| format!("{} {}", lang.t(msg::RERUN_NEEDS_REPORT), path.display()))?;
    report::read_json(&bytes).with_context(|| format!("{}", path.display()))
}

/// A progress bar on a terminal; one plain line per scenario otherwise (CI logs), except for
/// the NOT-APPLICABLE ones with `--ci-log`: the table's count line stands for them.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    lang: Lang,
    ci_log: bool,
}

impl Progress {
    fn new(total: u64, lang: Lang, ci_log: bool) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new(total);
            if let Ok(style) =
                indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {elapsed} {msg}")
            {
                bar.set_style(style);
            }
            bar
        });
        Progress { bar, lang, ci_log }
    }

    fn done(&self, s: &ScenarioReport) {
        let line = format!(
            "{} {} ({} ms)",
            self.lang.level(s.level),
            s.id,
            s.duration_ms
        );
        match &self.bar {
            Some(bar) => {
                bar.inc(1);
                bar.set_message(line);
            }
            None if self.ci_log && s.level == mynakit_conformance::Level::NotApplicable => {}
            None => eprintln!("{line}"),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// The person at the terminal in manual mode: steps on stderr, answers on stdin, the prompts in
/// `lang` (the steps are the scenario's and the harness's own words, English).
#[derive(Debug)]
struct Console {
    lang: Lang,
}

impl Console {
    fn ask(question: &str) -> String {
        eprint!("{question}");
        let mut line = String::new();
        let _ = std::io::stdin().read_line(&mut line);
        line.trim().to_owned()
    }
}

impl mynakit_harness::run::operator::manual::Tester for Console {
    fn perform(
        &self,
        scenario: &mynakit_harness::scenario::Scenario,
        env: &[(String, String)],
        steps: &[String],
    ) {
        let t = |m| self.lang.t(m);
        eprintln!("\n== {}: {}", scenario.id, scenario.title);
        eprintln!("{}", t(msg::MANUAL_WORLD));
        for (key, value) in env {
            eprintln!("  {key}={}", value.replace('\n', " | "));
        }
        eprintln!("{}", t(msg::MANUAL_STEPS));
        for (i, step) in steps.iter().enumerate() {
            eprintln!("  {}. {step}", i + 1);
        }
        Self::ask(t(msg::MANUAL_ENTER));
    }

    fn report(
        &self,
        _scenario: &mynakit_harness::scenario::Scenario,
        fields: &[String],
    ) -> (
        mynakit_harness::protocol::Outcome,
        std::collections::BTreeMap<String, String>,
    ) {
        use mynakit_harness::protocol::Outcome;
        let offered: Vec<Outcome> = Outcome::ALL
            .into_iter()
            .filter(|o| !o.harness_only())
            .collect();
        for (i, o) in offered.iter().enumerate() {
            eprintln!("  {:>2}. {o}", i + 1);
        }
        let outcome = loop {
            let answer = Self::ask(self.lang.t(msg::MANUAL_WHAT_SHOWN));
            match answer
                .parse::<usize>()
                .ok()
                .and_then(|n| offered.get(n.wrapping_sub(1)))
            {
                Some(o) => break *o,
                None if answer.is_empty() => break Outcome::Cancelled,
                None => eprintln!("  {}", msg::manual_number(self.lang, offered.len())),
            }
        };
        let mut shown = std::collections::BTreeMap::new();
        for name in fields {
            let value = Self::ask(&msg::manual_field(self.lang, name));
            if !value.is_empty() {
                shown.insert(name.clone(), value);
            }
        }
        (outcome, shown)
    }
}

/// SIGINT and SIGTERM stop the run through `stop` (clients ended, report written, folders
/// removed; exit status 128 + the signal). A second signal exits at once, after stopping
/// pcscd; the next run sweeps what that leaves (`docs/reports.md`).
pub(crate) fn stop_on_signals(
    stop: std::sync::Arc<mynakit_harness::interrupt::Stop>,
) -> anyhow::Result<()> {
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("mynakit-signals".into())
        .spawn(move || {
            let runtime = match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(r) => r,
                Err(e) => return drop(ready_tx.send(Err(e))),
            };
            runtime.block_on(async move {
                let mut signals = match mynakit_harness::interrupt::Interrupt::listen() {
                    Ok(s) => s,
                    Err(e) => return drop(ready_tx.send(Err(e))),
                };
                let _ = ready_tx.send(Ok(()));
                loop {
                    let signal = signals.next().await;
                    if stop.is_set() {
                        eprintln!("mynakit run: second signal, exiting now");
                        run::release_shared_pcscd();
                        std::process::exit(128 + signal);
                    }
                    eprintln!(
                        "mynakit run: {} received, stopping the clients (again to exit at once)",
                        mynakit_harness::interrupt::signal_name(signal)
                    );
                    stop.trigger(signal);
                }
            });
        })?;
    ready_rx
        .recv()
        .map_err(|_| anyhow::anyhow!("the signal listener did not start"))?
        .context("listening for SIGINT and SIGTERM")
}

impl RunArgs {
    /// Whether the run starts a program of the user's (`--client`, `--windows`), which the
    /// real-root warning is about (`super::warn_if_real_root`).
    pub(crate) fn starts_a_program(&self) -> bool {
        self.client.is_some() || self.windows.is_some()
    }
}
