using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.Playwright;
using OtpNet;

namespace MioKarte.Benchmarks;

/// <summary>
/// The patient record page (一連の表) measured through the real portal (docs/performance.md): the
/// portal runs as a child process exactly as a developer runs it (Release build, Development, the
/// embedded data center over mutual TLS with the demo data), the runner signs in as the demo doctor
/// through the real sign-in pages and then times
/// <list type="bullet">
/// <item>the heavy patient's first view with the portal's record cache empty: in freshly started portal
/// processes that have served only the other demo patients (the JIT still cold), and in a warm process
/// after 「最新の情報に更新」 has forgotten the cached record; its warm views and the size of its default view;</item>
/// <item>a typical patient's warm view one request at a time (client and server time) and under load
/// with wrk, after load rounds that last until the runtime's background JIT has gone quiet;</item>
/// <item>Largest Contentful Paint of both in Debian's headless Chromium.</item>
/// </list>
/// A wall-clock runner like <see cref="HeavyPatientOverTls"/>: the figures of interest are the first
/// cold view and a loaded server, which BenchmarkDotNet's in-process warm-ups would hide.
/// </summary>
internal static class PortalPagesRun
{
    /// <summary>The demo doctor of the demo clinic V00001, whose five linked patients include the heavy one (README).</summary>
    private const string UserName = "doctor";
    private const string Password = "MioKarte-Demo-2026";

    /// <summary>DEMO ONLY — the published authenticator key of every demo account (README).</summary>
    private const string AuthenticatorKey = "MIOKARTEDEMOKEYFORTESTINGONLYXYZ";

    /// <summary>The demo's heavy patient, as the README names it: linked at all three hospitals, tens of thousands of lab results.</summary>
    private const string HeavyPatientName = "山田太郎";

    private const string ChromiumPath = "/usr/bin/chromium";
    private const string ProgressMarker = "id=\"record-progress\"";
    private const int WarmHeavyViews = 10;
    private const int SequentialTypicalViews = 50;
    private const int PaintRuns = 5;
    private const int WarmUpSeconds = 15;
    private const int MaxWarmUpRounds = 8;
    private const int WarmProcessColdViews = 3;

    /// <summary>A PostgreSQL connection string for the portal's database instead of SQLite in the data folder.</summary>
    private const string PostgresVariable = "MIOKARTE_BENCHMARK_POSTGRES";

    /// <summary>Prefix of environment variables passed, without it, to the portal process only.</summary>
    private const string PortalVariablePrefix = "MIOKARTE_BENCHMARK_PORTAL_";

    /// <summary>
    /// <paramref name="standaloneCenter"/>: the data center runs as its own long-running process (as in
    /// production) and only the portal is restarted between rounds; else the embedded default, where
    /// each round restarts portal and center together.
    /// </summary>
    public static async Task RunAsync(int coldRounds, int wrkSeconds, bool standaloneCenter = false)
    {
        // Figures with a decimal point whatever the machine's locale, so the table reads the same everywhere.
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var root = RepositoryRoot();
        var folder = Directory.CreateTempSubdirectory("miokarte-pages-").FullName;
        try
        {
            await RunInAsync(root, folder, coldRounds, wrkSeconds, standaloneCenter);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task RunInAsync(string root, string folder, int coldRounds, int wrkSeconds, bool standaloneCenter)
    {
        var loadAtStart = LoadAverage();
        Console.WriteLine($"load average at start: {loadAtStart}; {Environment.ProcessorCount} cores; commit {Git(root, "rev-parse --short HEAD")}");
        var dataFolder = Path.Combine(folder, "portal");
        // The first response of the table must be the whole table, not the progress page that a
        // center slower than Records:ProgressAfter (1 s by default) would bring: its time is the figure.
        var settings = new Dictionary<string, string> { ["Records__ProgressAfter"] = "00:00:30" };
        // scripts/benchmark-pages.sh --postgres starts a throwaway PostgreSQL (scripts/lib/postgres.sh) and names it here.
        if (Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } postgres)
        {
            settings["Database__Provider"] = "PostgreSql";
            settings["Database__ConnectionString"] = postgres;
            settings["Database__MigrateOnStart"] = "true";
        }

        // Runtime or portal settings to try on the portal alone (e.g. MIOKARTE_BENCHMARK_PORTAL_DOTNET_TieredPGO=0).
        foreach (var (key, value) in Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Select(e => ((string)e.Key, (string?)e.Value ?? ""))
            .Where(e => e.Item1.StartsWith(PortalVariablePrefix, StringComparison.Ordinal)))
        {
            settings[key[PortalVariablePrefix.Length..]] = value;
            Console.WriteLine($"portal setting: {key[PortalVariablePrefix.Length..]}={value}");
        }

        Console.WriteLine($"portal database: {(settings.ContainsKey("Database__Provider") ? "PostgreSQL" : "SQLite")}");
        await using var center = standaloneCenter ? await DataCenterProcess.StartAsync(root, Path.Combine(folder, "datacenter")) : null;
        if (center is not null)
        {
            foreach (var (key, value) in center.PortalSettings())
            {
                settings[key] = value;
            }
        }

        Console.WriteLine($"data center: {(center is null ? "embedded in the portal's process (restarted with it each round)" : $"standalone process on port {center.Port}, started once for the run")}");
        var figures = new Figures { CenterApart = center is not null };

        for (var round = 1; round <= coldRounds; round++)
        {
            var clock = Stopwatch.StartNew();
            // Round 1 starts on an empty data folder (generates certificates, demo accounts and loads the
            // demo data into the embedded center); later rounds restart the portal on the same folder.
            await using var portal = await PortalProcess.StartAsync(root, dataFolder, seedsDemoData: round == 1 && center is null, settings);
            Console.WriteLine($"round {round}: portal answering after {clock.Elapsed.TotalSeconds:F1} s at {portal.BaseAddress}");
            try
            {
                await RoundAsync(portal, center, round, round == coldRounds, wrkSeconds, folder, figures);
            }
            catch
            {
                Console.Error.WriteLine("portal log (last lines):\n" + portal.Tail());
                if (portal.Ended is { } ended)
                {
                    Console.Error.WriteLine(ended);
                }

                throw;
            }
        }

        figures.Print(loadAtStart, LoadAverage(), coldRounds, wrkSeconds);
    }

    /// <summary>One fresh portal process: sign in, warm up with the other patients, the heavy patient cold and warm; in the last round also the load and the paint runs.</summary>
    private static async Task RoundAsync(PortalProcess portal, DataCenterProcess? center, int round, bool last, int wrkSeconds, string folder, Figures figures)
    {
        var cookies = new CookieContainer();
        using var client = portal.NewClient(cookies);
        await SignInAsync(client);
        var (heavy, others) = await PatientsAsync(client);

        // A portal in service has shown other patients before this one: warm the record page's code
        // paths, the gateway's connections and the center with every other linked patient, so the
        // cold figure is the heavy patient's own cost (first load of its record into the cache).
        var sizes = new List<(PatientRow Patient, int Bytes)>();
        foreach (var other in others)
        {
            var (firstMs, _, _) = await ViewAsync(client, other);
            var (_, _, otherHtml) = await ViewAsync(client, other);
            var bytes = Encoding.UTF8.GetByteCount(otherHtml);
            sizes.Add((other, bytes));
            if (round == 1)
            {
                Console.WriteLine($"  {other.LocalId}: {other.LinkedFacilities} linked facilities, first view {firstMs:F0} ms, default view {bytes / 1024.0:F0} KB");
            }
        }

        // The typical patient: the median-sized of the other demo patients (the upper middle one of an even count).
        var typical = sizes.OrderBy(s => s.Bytes).ElementAt(sizes.Count / 2).Patient;

        var cpu = portal.CpuTime;
        var centerCpu = center?.CpuTime ?? TimeSpan.Zero;
        var jit = portal.TieredCompilationCpuTime;
        var (coldMs, coldServer, coldHtml) = await TimedViewAsync(portal, client, heavy);
        cpu = portal.CpuTime - cpu;
        centerCpu = (center?.CpuTime ?? TimeSpan.Zero) - centerCpu;
        jit = portal.TieredCompilationCpuTime - jit;
        var progress = coldHtml.Contains(ProgressMarker, StringComparison.Ordinal);
        figures.Cold.Add(coldMs);
        figures.ColdServer.Add(coldServer);
        figures.ProgressSeen |= progress;
        Console.WriteLine(
            $"round {round}: heavy patient {heavy.LocalId} cold {coldMs:F0} ms (server {coldServer:F0} ms, {(center is null ? $"portal and center CPU {cpu.TotalMilliseconds:F0} ms" : $"portal CPU {cpu.TotalMilliseconds:F0} ms, center CPU {centerCpu.TotalMilliseconds:F0} ms")}, JIT thread {jit.TotalMilliseconds:F0} ms), {(progress ? "PROGRESS PAGE (#record-progress)" : "complete table")}, load {LoadAverage()}");
        if (!last)
        {
            return;
        }

        // A freshly started .NET process spends minutes recompiling hot methods in the background
        // (tiered compilation): the first load test ran at half the throughput of the second one, and
        // half the CPU of a heavy fetch went to the JIT. A portal in service is past that, so "warm"
        // means the JIT thread has gone quiet, on the page and on the fetch path.
        var token = Token(coldHtml);
        await WarmUpJitAsync(portal, client, cookies, typical, others, token, folder);

        // Cold in a warm process: 「最新の情報に更新」 forgets the cached record, the next view reads it
        // afresh from the center (whose database file the operating system has cached by now).
        for (var i = 0; i < WarmProcessColdViews; i++)
        {
            await RefreshAsync(client, heavy, token);
            cpu = portal.CpuTime;
            centerCpu = center?.CpuTime ?? TimeSpan.Zero;
            jit = portal.TieredCompilationCpuTime;
            var (ms, serverMs, _) = await TimedViewAsync(portal, client, heavy);
            cpu = portal.CpuTime - cpu;
            centerCpu = (center?.CpuTime ?? TimeSpan.Zero) - centerCpu;
            jit = portal.TieredCompilationCpuTime - jit;
            figures.ColdInWarmProcess.Add(ms);
            figures.ColdInWarmProcessServer.Add(serverMs);
            Console.WriteLine($"heavy patient cold after 「最新の情報に更新」 in the warm process: {ms:F0} ms (server {serverMs:F0} ms, {(center is null ? $"portal and center CPU {cpu.TotalMilliseconds:F0} ms" : $"portal CPU {cpu.TotalMilliseconds:F0} ms, center CPU {centerCpu.TotalMilliseconds:F0} ms")}, JIT thread {jit.TotalMilliseconds:F0} ms), load {LoadAverage()}");
        }

        var mark = portal.RequestCount;
        var html = "";
        for (var i = 0; i < WarmHeavyViews; i++)
        {
            var (ms, _, body) = await ViewAsync(client, heavy);
            figures.Warm.Add(ms);
            html = body;
        }

        figures.WarmServer.AddRange((await portal.RequestsSinceAsync(mark, heavy.Path, WarmHeavyViews)).Select(r => r.Ms));
        figures.HeavyBytes = Encoding.UTF8.GetByteCount(html);
        figures.HeavyGzipBytes = await TransferredBytesAsync(client, heavy, "gzip");
        figures.HeavyBrotliBytes = await TransferredBytesAsync(client, heavy, "br");
        figures.HeavyProgressWarm = html.Contains(ProgressMarker, StringComparison.Ordinal);

        // The record cache keeps an answer 3 minutes from when it was read: read the typical patient
        // afresh now, so its cached answer outlives the measurements below (and none is a refetch).
        figures.TypicalLocalId = typical.LocalId;
        figures.TypicalBytes = sizes.First(s => s.Patient == typical).Bytes;
        await RefreshAsync(client, typical, token);
        await ViewAsync(client, typical);
        await TypicalSequentialAsync(portal, client, typical, figures);
        // Side by side in one run, so the ratios hold whatever the machine's load: the public home
        // page (no session: no database, no audit), the patient list and the record page (session
        // check, access-log row each). Each warmed first, then measured, one after the other.
        foreach (var (path, withCookies) in new[] { ("/", false), ("/patients", true) })
        {
            await WrkAsync(portal, withCookies ? cookies : null, path, WarmUpSeconds / 3, folder, quiet: true);
        }

        figures.Home = await WrkAsync(portal, null, "/", wrkSeconds, folder);
        figures.List = await WrkAsync(portal, cookies, "/patients", wrkSeconds, folder);
        figures.Wrk = await WrkAsync(portal, cookies, typical.Path, wrkSeconds, folder);
        figures.LoadAfterWrk = LoadAverage();
        figures.TypicalPaint = await PaintAsync(portal, cookies, typical);
        figures.HeavyPaint = await PaintAsync(portal, cookies, heavy);
    }

    /// <summary>
    /// Rounds of load on the typical patient's page and of fresh reads of every other patient's record
    /// (the fetch path: center, gateway, index) until the JIT thread has used less than 3 % of the
    /// portal's CPU in a round (at most <see cref="MaxWarmUpRounds"/>), each printed.
    /// </summary>
    private static async Task WarmUpJitAsync(
        PortalProcess portal, HttpClient client, CookieContainer cookies, PatientRow typical, List<PatientRow> others, string token, string folder)
    {
        for (var round = 1; round <= MaxWarmUpRounds; round++)
        {
            var cpu = portal.CpuTime;
            var jit = portal.TieredCompilationCpuTime;
            var load = await WrkAsync(portal, cookies, typical.Path, WarmUpSeconds, folder, quiet: true);
            for (var i = 0; i < 3; i++)
            {
                foreach (var other in others)
                {
                    await RefreshAsync(client, other, token);
                    await ViewAsync(client, other);
                }
            }

            var share = (portal.TieredCompilationCpuTime - jit) / (portal.CpuTime - cpu);
            Console.WriteLine($"JIT warm-up {round}: {load.Rps:F0} pages/s at {load.CpuMsPerPage:F1} ms CPU per page, then {3 * others.Count} fresh reads; JIT thread {share:P0} of the portal's CPU");
            if (share < 0.03)
            {
                return;
            }
        }

        Console.WriteLine($"JIT still busy after {MaxWarmUpRounds} warm-up rounds: the figures below include some of its work.");
    }

    /// <summary>One view, timed by the client and by the portal's own request log.</summary>
    private static async Task<(double Ms, double ServerMs, string Html)> TimedViewAsync(PortalProcess portal, HttpClient client, PatientRow patient)
    {
        var mark = portal.RequestCount;
        var (ms, _, html) = await ViewAsync(client, patient);
        var server = (await portal.RequestsSinceAsync(mark, patient.Path, 1)).FirstOrDefault();
        return (ms, server?.Ms ?? double.NaN, html);
    }

    /// <summary>「最新の情報に更新」 as the page's button posts it: the cached record of the patient is forgotten.</summary>
    private static async Task RefreshAsync(HttpClient client, PatientRow patient, string token)
    {
        using var response = await client.PostAsync(new Uri(patient.Path + "/refresh", UriKind.Relative), Form(
            ("returnUrl", patient.Path), ("__RequestVerificationToken", token)));
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString != patient.Path)
        {
            throw new InvalidOperationException($"POST {patient.Path}/refresh answered {(int)response.StatusCode} {response.Headers.Location}");
        }
    }

    private const long TotpStepSeconds = 30;

    private static long lastSignInStep = -1;

    /// <summary>Signs in through the real pages: password, then the code an authenticator app shows now.</summary>
    private static async Task SignInAsync(HttpClient client)
    {
        var token = Token(await GetTextAsync(client, "/account/login"));
        using var password = await client.PostAsync(new Uri("/account/login", UriKind.Relative), Form(
            ("UserName", UserName), ("Password", Password), ("ReturnUrl", ""), ("__RequestVerificationToken", token)));
        var next = password.Headers.Location?.OriginalString ?? "";
        if (password.StatusCode != HttpStatusCode.Redirect || !next.StartsWith("/account/login/two-factor", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The password step answered {(int)password.StatusCode} {next}");
        }

        token = Token(await GetTextAsync(client, next));
        // The portal refuses a code whose time step was used already (AuthenticatorSteps), and the
        // rounds share one database: a round that signs in within the previous one's 30 s waits for the next step.
        var totp = new Totp(Base32Encoding.ToBytes(AuthenticatorKey));
        var step = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / TotpStepSeconds;
        if (step <= lastSignInStep)
        {
            await Task.Delay(TimeSpan.FromSeconds(totp.RemainingSeconds() + 1));
            step = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / TotpStepSeconds;
        }

        lastSignInStep = step;
        var code = totp.ComputeTotp(DateTime.UtcNow);
        using var second = await client.PostAsync(new Uri("/account/login/two-factor", UriKind.Relative), Form(
            ("Code", code), ("ReturnUrl", "/"), ("__RequestVerificationToken", token)));
        if (second.StatusCode != HttpStatusCode.Redirect || second.Headers.Location?.OriginalString != "/")
        {
            throw new InvalidOperationException($"The two-factor step answered {(int)second.StatusCode} {second.Headers.Location}");
        }
    }

    /// <summary>The heavy patient and the other linked patients, as the list at /patients shows them.</summary>
    private static async Task<(PatientRow Heavy, List<PatientRow> Others)> PatientsAsync(HttpClient client)
    {
        using var document = new HtmlParser().ParseDocument(await GetTextAsync(client, "/patients"));
        var rows = document.QuerySelectorAll("tr[data-patient]").Select(tr => new PatientRow(
                tr.GetAttribute("data-patient")!,
                tr.QuerySelector("td.code")?.TextContent.Trim() ?? "",
                string.Concat((tr.QuerySelector(".register-table__name")?.TextContent ?? "").Where(c => !char.IsWhiteSpace(c))),
                tr.QuerySelectorAll("ul.linked-facilities li").Length))
            .Where(p => p.LinkedFacilities > 0)
            .ToList();
        var heavy = rows.SingleOrDefault(p => p.Name == HeavyPatientName)
                    ?? throw new InvalidOperationException($"The heavy demo patient is not in the list of {UserName} ({rows.Count} linked patients).");
        if (heavy.LinkedFacilities != 3)
        {
            throw new InvalidOperationException($"The heavy demo patient is linked at {heavy.LinkedFacilities} facilities, not 3.");
        }

        var others = rows.Where(p => p != heavy).ToList();
        return others.Count > 0 ? (heavy, others) : throw new InvalidOperationException("No other linked patient.");
    }

    /// <summary>One GET of the record page (default view), timed until the whole body is read; anything but 200 is an error.</summary>
    private static async Task<(double Ms, int Status, string Html)> ViewAsync(HttpClient client, PatientRow patient)
    {
        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync(new Uri(patient.Path, UriKind.Relative), HttpCompletionOption.ResponseContentRead);
        var html = await response.Content.ReadAsStringAsync();
        clock.Stop();
        if (response.StatusCode != HttpStatusCode.OK || !html.Contains("class=\"record\"", StringComparison.Ordinal))
        {
            // A redirect to sign-in or an error page would be a false figure.
            throw new InvalidOperationException($"GET {patient.Path} answered {(int)response.StatusCode} {response.Headers.Location}");
        }

        return (clock.Elapsed.TotalMilliseconds, (int)response.StatusCode, html);
    }

    /// <summary>The typical patient one request at a time: latency without queueing, client and server side.</summary>
    private static async Task TypicalSequentialAsync(PortalProcess portal, HttpClient client, PatientRow typical, Figures figures)
    {
        var mark = portal.RequestCount;
        for (var i = 0; i < SequentialTypicalViews; i++)
        {
            figures.TypicalSequential.Add((await ViewAsync(client, typical)).Ms);
        }

        figures.TypicalSequentialServer.AddRange((await portal.RequestsSinceAsync(mark, typical.Path, SequentialTypicalViews)).Select(r => r.Ms));
    }

    /// <summary>
    /// wrk against the typical patient's page with the session's cookies. The Lua script counts every
    /// status but 200 itself: wrk's own "Non-2xx or 3xx" counter ignores 3xx, and a 302 to the
    /// sign-in page would otherwise look like a fast page.
    /// </summary>
    private static async Task<WrkResult> WrkAsync(PortalProcess portal, CookieContainer? cookies, string path, int seconds, string folder, bool quiet = false)
    {
        // In a file of the run's temporary folder, not on the command line: the header holds the session cookie.
        var script = Path.Combine(folder, "pages.lua");
        await File.WriteAllTextAsync(script, WrkScript(cookies?.GetCookieHeader(portal.BaseAddress)));
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // Two threads for two cores; 16 connections keep both cores of the portal busy (a clinic
        // network's peak is a few dozen people) without turning latency into a pure queue.
        foreach (var argument in new[] { "-t2", "-c16", $"-d{seconds}s", "--timeout", "10s", "--latency", "-s", script, new Uri(portal.BaseAddress, path).ToString() })
        {
            start.ArgumentList.Add(argument);
        }

        if (!quiet)
        {
            Console.WriteLine($"wrk -t2 -c16 -d{seconds}s --timeout 10s --latency -s pages.lua {path}{(cookies is null ? " (no cookie)" : "")} (load {LoadAverage()})");
        }

        var mark = portal.RequestCount;
        var cpuBefore = portal.CpuTime;
        var jitBefore = portal.TieredCompilationCpuTime;
        using var wrk = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start: run scripts/benchmark-pages.sh, which installs it.");
        var output = await wrk.StandardOutput.ReadToEndAsync();
        var errors = await wrk.StandardError.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        var portalCpu = (portal.CpuTime - cpuBefore).TotalMilliseconds;
        var jitCpu = (portal.TieredCompilationCpuTime - jitBefore).TotalMilliseconds;
        if (!quiet)
        {
            Console.WriteLine(output.TrimEnd());
        }

        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("MIOKARTE-WRK ", StringComparison.Ordinal))
                   ?? throw new InvalidOperationException($"wrk exited with {wrk.ExitCode} and no summary: {errors}");
        var values = line["MIOKARTE-WRK ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('='))
            .ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));
        if (quiet && values["non200"] > 0)
        {
            throw new InvalidOperationException($"{values["non200"]} answers were not 200 during the warm-up: the session no longer works.");
        }

        var logged = await portal.RequestsSinceAsync(mark, path, (int)values["requests"]);
        var served = logged.Where(r => r.Status == 200).Select(r => r.Ms).ToList();
        return new WrkResult(
            LoadAverage(), portalCpu / Math.Max(1, served.Count), jitCpu / Math.Max(1, portalCpu), portalCpu / 1000 / seconds,
            values["requests"], values["rps"], values["p50_us"] / 1000, values["p95_us"] / 1000, values["p99_us"] / 1000,
            values["non200"], values["socket_errors"],
            Percentile(served, 50), Percentile(served, 95),
            // 499: requests still running when wrk closed its connections at the end.
            string.Join(", ", logged.Where(r => r.Status != 200).GroupBy(r => r.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} × {g.Key}")));
    }

    private static string WrkScript(string? cookieHeader)
    {
        // No cookie: a visitor (the public pages).
        var cookie = cookieHeader is null
            ? ""
            : "wrk.headers[\"Cookie\"] = \"" + cookieHeader.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        return $$"""
        -- Written by the benchmarks' portal-pages run: the session cookie, a count of non-200 answers, and one summary line.
        wrk.headers["Accept-Encoding"] = "br, gzip"
        {{cookie}}
        local threads = {}
        function setup(thread) table.insert(threads, thread) end
        function init(args) non200 = 0 end
        function response(status, headers, body) if status ~= 200 then non200 = non200 + 1 end end
        function done(summary, latency, requests)
          local non200 = 0
          for _, t in ipairs(threads) do non200 = non200 + t:get("non200") end
          local e = summary.errors
          io.write(string.format("MIOKARTE-WRK requests=%d rps=%.1f p50_us=%d p95_us=%d p99_us=%d max_us=%d non200=%d socket_errors=%d\n",
            summary.requests, summary.requests / (summary.duration / 1e6),
            latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
            non200, e.connect + e.read + e.write + e.timeout))
        end
        """;
    }

    /// <summary>
    /// Largest Contentful Paint of a warm page in Debian's headless Chromium (never a downloaded
    /// browser), signed in with the runner's session cookies: one unmeasured visit, then the median of
    /// <see cref="PaintRuns"/> visits, each in a new tab. Also the navigation's response start and end,
    /// to tell the server's share from the browser's.
    /// </summary>
    private static async Task<List<Paint>> PaintAsync(PortalProcess portal, CookieContainer cookies, PatientRow patient)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            // The PC screen of the end-to-end tests.
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
            Locale = "ja-JP",
            TimezoneId = "Asia/Tokyo",
            // The development CA is generated per run; Chromium does not know it.
            IgnoreHTTPSErrors = true,
        });
        var origin = portal.BaseAddress.GetLeftPart(UriPartial.Authority);
        await context.AddCookiesAsync(cookies.GetCookies(portal.BaseAddress).Select(c => new Microsoft.Playwright.Cookie
        {
            Name = c.Name,
            Value = c.Value,
            Url = origin + "/",
            Secure = true,
            HttpOnly = c.HttpOnly,
            SameSite = SameSiteAttribute.Strict,
        }));

        var url = origin + patient.Path;
        var paints = new List<Paint>();
        for (var run = 0; run <= PaintRuns; run++)
        {
            var page = await context.NewPageAsync();
            var response = await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
            if (response is not { Status: 200 } || !page.Url.EndsWith(patient.Path, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Chromium got {response?.Status} at {page.Url}");
            }

            var json = await page.EvaluateAsync<JsonElement>(PaintScript);
            await page.CloseAsync();
            if (run > 0)
            {
                paints.Add(new Paint(
                    json.GetProperty("lcp").GetDouble(), json.GetProperty("element").GetString() ?? "",
                    json.GetProperty("responseStart").GetDouble(), json.GetProperty("responseEnd").GetDouble()));
            }
        }

        return paints;
    }

    /// <summary>
    /// The last largest-contentful-paint entry (buffered: the ones before this script ran), read after
    /// a short pause so a late candidate is counted; -1 when the browser reported none.
    /// </summary>
    private const string PaintScript = """
        () => new Promise(resolve => {
          let last = null;
          const observer = new PerformanceObserver(list => { for (const e of list.getEntries()) last = e; });
          observer.observe({ type: 'largest-contentful-paint', buffered: true });
          setTimeout(() => {
            observer.disconnect();
            const nav = performance.getEntriesByType('navigation')[0];
            const el = last && last.element;
            resolve({
              lcp: last ? last.startTime : -1,
              element: el ? el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '') : '',
              responseStart: nav.responseStart,
              responseEnd: nav.responseEnd,
            });
          }, 500);
        })
        """;

    private static async Task<string> GetTextAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode} {response.Headers.Location}");
        }

        return await response.Content.ReadAsStringAsync();
    }

    private static string Token(string html)
    {
        using var document = new HtmlParser().ParseDocument(html);
        return document.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
               ?? throw new InvalidOperationException("The form has no antiforgery token.");
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    /// <summary>The body's size as the portal sends it to a browser that accepts <paramref name="encoding"/> (the client does not decompress).</summary>
    private static async Task<int> TransferredBytesAsync(HttpClient client, PatientRow patient, string encoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(patient.Path, UriKind.Relative));
        request.Headers.AcceptEncoding.ParseAdd(encoding);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != HttpStatusCode.OK || !response.Content.Headers.ContentEncoding.Contains(encoding))
        {
            throw new InvalidOperationException($"GET {patient.Path} with Accept-Encoding {encoding} answered {(int)response.StatusCode}, encoding '{string.Join(',', response.Content.Headers.ContentEncoding)}'");
        }

        return body.Length;
    }

    /// <summary>The folder holding MioKarte.sln, from the current directory or from this program's own location.</summary>
    private static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "MioKarte.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Run inside the repository: MioKarte.sln not found above the current directory.");
    }

    private static string Git(string root, string arguments)
    {
        try
        {
            var start = new ProcessStartInfo("git", arguments) { WorkingDirectory = root, RedirectStandardOutput = true, UseShellExecute = false };
            using var git = Process.Start(start);
            var output = git?.StandardOutput.ReadToEnd().Trim() ?? "";
            git?.WaitForExit();
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static double Median(List<double> values) => Percentile(values, 50);

    /// <summary>Nearest-rank percentile; NaN for no values.</summary>
    private static double Percentile(List<double> values, double percent)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    private sealed record PatientRow(string Id, string LocalId, string Name, int LinkedFacilities)
    {
        public string Path => "/patients/" + Id;
    }

    private sealed record WrkResult(
        string Load, double CpuMsPerPage, double JitShare, double PortalCores, double Requests, double Rps, double P50, double P95, double P99, double Non200, double SocketErrors,
        double ServerP50, double ServerP95, string ServerNon200);

    private sealed record Paint(double Lcp, string Element, double ResponseStart, double ResponseEnd);

    /// <summary>Everything measured, printed at the end as one markdown table.</summary>
    private sealed class Figures
    {
        public List<double> Cold { get; } = [];

        public List<double> ColdServer { get; } = [];

        public bool ProgressSeen { get; set; }

        public List<double> ColdInWarmProcess { get; } = [];

        public List<double> ColdInWarmProcessServer { get; } = [];

        public bool HeavyProgressWarm { get; set; }

        public List<double> Warm { get; } = [];

        public List<double> WarmServer { get; } = [];

        public int HeavyBytes { get; set; }

        public int HeavyGzipBytes { get; set; }

        public int HeavyBrotliBytes { get; set; }

        public string TypicalLocalId { get; set; } = "";

        /// <summary>The center ran as its own process, not restarted with the portal.</summary>
        public bool CenterApart { get; init; }

        public int TypicalBytes { get; set; }

        public List<double> TypicalSequential { get; } = [];

        public List<double> TypicalSequentialServer { get; } = [];

        public WrkResult? Wrk { get; set; }

        public WrkResult? Home { get; set; }

        public WrkResult? List { get; set; }

        public string LoadAfterWrk { get; set; } = "";

        public List<Paint> TypicalPaint { get; set; } = [];

        public List<Paint> HeavyPaint { get; set; } = [];

        public void Print(string loadAtStart, string loadAtEnd, int coldRounds, int wrkSeconds)
        {
            var wrk = Wrk!;
            var typicalLcp = Median(TypicalPaint.Select(p => p.Lcp).ToList());
            var heavyLcp = Median(HeavyPaint.Select(p => p.Lcp).ToList());
            var lines = new List<string>
            {
                "",
                "| measure | figure | target | met |",
                "|---|---:|---:|:-:|",
                Row($"heavy patient, first view, cold: fresh portal process{(CenterApart ? ", standalone center" : ", center embedded (fresh too)")} (median of {coldRounds}: {string.Join(" / ", Cold.Select(c => c.ToString("F0", CultureInfo.InvariantCulture)))} ms)",
                    $"{Median(Cold):F0} ms (server {Median(ColdServer):F0})", "≤ 1,000 ms", Median(Cold) <= 1000),
                Row($"heavy patient, first view, cold: warm process, cache forgotten (「最新の情報に更新」; median of {ColdInWarmProcess.Count}: {string.Join(" / ", ColdInWarmProcess.Select(c => c.ToString("F0", CultureInfo.InvariantCulture)))} ms)",
                    $"{Median(ColdInWarmProcess):F0} ms (server {Median(ColdInWarmProcessServer):F0})", "≤ 1,500 ms", Median(ColdInWarmProcess) <= 1500),
                Row($"heavy patient, warm view (median of {Warm.Count}; max {Warm.Max():F0} ms)", $"{Median(Warm):F0} ms (server {Median(WarmServer):F0})", "≤ 300 ms", Median(Warm) <= 300),
                Row("heavy patient, default view HTML", $"{HeavyBytes / 1024.0:F0} KB; sent {HeavyBrotliBytes / 1024.0:F1} KB br, {HeavyGzipBytes / 1024.0:F1} KB gzip", "≤ 300 KB", HeavyBytes <= 300 * 1024),
                Row($"typical patient {TypicalLocalId} ({TypicalBytes / 1024.0:F0} KB), warm, one request at a time: p50 / p95 of {TypicalSequential.Count}",
                    $"{Percentile(TypicalSequential, 50):F0} / {Percentile(TypicalSequential, 95):F0} ms (server {Percentile(TypicalSequentialServer, 50):F0} / {Percentile(TypicalSequentialServer, 95):F0})",
                    "p95 ≤ 150 ms", Percentile(TypicalSequentialServer, 95) <= 150),
                Row($"typical patient, wrk -t2 -c16 -d{wrkSeconds}s: latency p50 / p95 / p99",
                    $"{wrk.P50:F0} / {wrk.P95:F0} / {wrk.P99:F0} ms (server p50 / p95 {wrk.ServerP50:F0} / {wrk.ServerP95:F0})", "p95 ≤ 150 ms", wrk.P95 <= 150),
                Row($"typical patient, wrk -t2 -c16 -d{wrkSeconds}s: throughput", $"{wrk.Rps:F0} pages/s", "≥ 300 pages/s", wrk.Rps >= 300 && wrk.Non200 == 0),
                Row($"typical patient, Largest Contentful Paint (median of {TypicalPaint.Count})", $"{typicalLcp:F0} ms", "≤ 1,000 ms", typicalLcp is > 0 and <= 1000),
                Row($"heavy patient, Largest Contentful Paint (median of {HeavyPaint.Count})", $"{heavyLcp:F0} ms", "≤ 1,000 ms", heavyLcp is > 0 and <= 1000),
                "",
                "",
                "| wrk -t2 -c16, one after the other in this run | pages/s | p50 / p95 / p99 | portal CPU per page (cores) | share of the home page | load average after |",
                "|---|---:|---:|---:|---:|---:|",
                Side("public home `/` (no session)", Home!, Home!),
                Side("patient list `/patients`", List!, Home!),
                Side($"record page, typical patient {TypicalLocalId}", wrk, Home!),
                "",
                $"wrk: {wrk.Requests:F0} requests; not 200: {wrk.Non200:F0} by wrk's count, {(wrk.ServerNon200 is "" ? "none" : wrk.ServerNon200)} in the portal's log; socket errors {wrk.SocketErrors:F0}",
                $"portal during wrk: {wrk.PortalCores:F2} of {Environment.ProcessorCount} cores, {wrk.CpuMsPerPage:F1} ms CPU per page, {wrk.JitShare:P0} of it the JIT thread",
                $"LCP element: typical {Element(TypicalPaint)}, heavy {Element(HeavyPaint)}; navigation response end (median): typical {Median(TypicalPaint.Select(p => p.ResponseEnd).ToList()):F0} ms, heavy {Median(HeavyPaint.Select(p => p.ResponseEnd).ToList()):F0} ms",
                $"first heavy response with Records__ProgressAfter=00:00:30: {(ProgressSeen ? "a PROGRESS PAGE (#record-progress): the setting did not take effect" : "the complete table (no #record-progress)")}" +
                (HeavyProgressWarm ? "; a warm view still showed #record-progress" : ""),
                $"load average (1, 5, 15 min): start {loadAtStart}; after wrk {LoadAfterWrk}; end {loadAtEnd}",
            };
            foreach (var line in lines)
            {
                Console.WriteLine(line);
            }
        }

        private static string Element(List<Paint> paints) =>
            paints.GroupBy(p => p.Element).OrderByDescending(g => g.Count()).Select(g => g.Key is "" ? "(none)" : "`" + g.Key + "`").FirstOrDefault() ?? "(none)";

        private static string Side(string page, WrkResult result, WrkResult home)
        {
            var row = string.Create(CultureInfo.InvariantCulture,
                $"| {page} | {result.Rps:F0} | {result.P50:F0} / {result.P95:F0} / {result.P99:F0} ms | {result.CpuMsPerPage:F2} ms ({result.PortalCores:F2}) | {result.Rps / home.Rps:P0} | {result.Load} |");
            return result.Non200 > 0 || result.ServerNon200 is not ""
                ? row + string.Create(CultureInfo.InvariantCulture, $" not 200: {result.Non200:F0} (log: {result.ServerNon200})")
                : row;
        }

        private static string Row(string measure, string figure, string target, bool met) =>
            string.Create(CultureInfo.InvariantCulture, $"| {measure} | {figure} | {target} | {(met ? "yes" : "**no**")} |");
    }
}
