using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// `over-tls [rounds]`: the wall-clock run against the real data center (HeavyPatientOverTls).
if (args is ["over-tls", ..])
{
    await MioKarte.Benchmarks.HeavyPatientOverTls.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7);
    return;
}

// `portal-pages [--standalone-center] [cold rounds] [wrk seconds]`: the record page through the real portal
// (PortalPagesRun; scripts/benchmark-pages.sh); --standalone-center runs the data center as its own process.
if (args is ["portal-pages", ..])
{
    var standaloneCenter = args.Length > 1 && args[1] == "--standalone-center";
    var numbers = args.Skip(standaloneCenter ? 2 : 1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
    await MioKarte.Benchmarks.PortalPagesRun.RunAsync(
        numbers.Length > 0 ? numbers[0] : 3,
        numbers.Length > 1 ? numbers[1] : 20,
        standaloneCenter);
    return;
}

// In-process short job: the generated out-of-process project would inherit the repository's
// warnings-as-errors build settings, and a short run is what fits on a shared 2-core machine.
var config = DefaultConfig.Instance
    .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);

/// <summary>Entry point type, named for the switcher.</summary>
internal sealed partial class Program;
