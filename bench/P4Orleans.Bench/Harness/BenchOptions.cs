using System.Globalization;

namespace P4Orleans.Bench.Harness;

/// <summary>The command line: <c>[--quick] [--only name[,name]] [--out dir] [--duration s] [--reminders n] [--titles n] [--offices n] [--active n] [--list]</c>.</summary>
public sealed class BenchOptions
{
    public bool Quick { get; private init; }
    public bool List { get; private init; }
    public bool Help { get; private init; }
    public IReadOnlySet<string> Only { get; private init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
    public string OutputDirectory { get; private init; } = DefaultOutputDirectory();

    /// <summary>Overrides the measuring time of each step.</summary>
    public TimeSpan? StepDuration { get; private init; }

    /// <summary>Extra Npgsql connection-string settings for every connection of the run (both sides of a ratio).</summary>
    public string? ConnectionOptions { get; private init; }

    /// <summary>Overrides the number of reminders due at once.</summary>
    public int? Reminders { get; private init; }

    /// <summary>Overrides the number of titles of bulk-intake and dispatch.</summary>
    public int? Titles { get; private init; }

    /// <summary>Overrides the number of bailiff offices of dispatch.</summary>
    public int? Offices { get; private init; }

    /// <summary>Overrides the number of dossiers active at once in the memory benchmark.</summary>
    public int? Active { get; private init; }

    /// <summary>Overrides the number of dossiers whose journal the reports benchmark writes.</summary>
    public int? Dossiers { get; private init; }

    public const string Usage = """
        Usage: dotnet run -c Release --project bench/P4Orleans.Bench -- [options]
          --quick            short steps (1.5 s) and 10,000 reminders instead of 100,000
          --only NAME[,NAME] run only these benchmarks (repeatable); --list shows the names
          --out DIR          where the JSON goes (default: bench/results of the repository)
          --duration SEC     measuring time of each step (default 5, or 1.5 with --quick)
          --reminders N      reminders due at once (default 100000, or 10000 with --quick)
          --titles N         titles of bulk-intake and dispatch (default 100000, or 10000 with --quick)
          --offices N        bailiff offices of dispatch (default 500, or 50 with --quick)
          --active N         dossiers active at once in memory (default 20000, or 5000 with --quick)
          --dossiers N       dossiers of reports (default 100000, or 10000 with --quick; up to 2000000)
          --npgsql SETTINGS  extra Npgsql connection-string settings for every connection of the run,
                             for example "Max Auto Prepare=20" (applies to both sides of a ratio)
          --list             list the benchmarks and exit
        Uses ConnectionStrings__Postgres when set (a fresh database is created in that server and
        dropped at the end); otherwise starts a private durable PostgreSQL in a temporary folder.
        """;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        bool quick = false, list = false, help = false;
        var only = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var output = DefaultOutputDirectory();
        TimeSpan? duration = null;
        int? reminders = null, titles = null, offices = null, active = null, dossiers = null;
        string? connectionOptions = null;
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--list":
                    list = true;
                    break;
                case "-h" or "--help":
                    help = true;
                    break;
                case "--only":
                    only.UnionWith(Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case "--out":
                    output = Path.GetFullPath(Value());
                    break;
                case "--duration":
                    var seconds = double.Parse(Value(), CultureInfo.InvariantCulture);
                    duration = seconds is > 0 and <= 600
                        ? TimeSpan.FromSeconds(seconds)
                        : throw new ArgumentException("--duration must be between 0 and 600 seconds.");
                    break;
                case "--reminders":
                    var n = int.Parse(Value(), CultureInfo.InvariantCulture);
                    reminders = n is > 0 and <= 2_000_000 ? n : throw new ArgumentException("--reminders must be between 1 and 2,000,000.");
                    break;
                case "--titles":
                    var t = int.Parse(Value(), CultureInfo.InvariantCulture);
                    titles = t is > 0 and <= 100_000 ? t : throw new ArgumentException("--titles must be between 1 and 100,000 (one bulk request).");
                    break;
                case "--offices":
                    var o = int.Parse(Value(), CultureInfo.InvariantCulture);
                    offices = o is >= 12 and <= 10_000 ? o : throw new ArgumentException("--offices must be between 12 (one per arrondissement) and 10,000.");
                    break;
                case "--active":
                    var a = int.Parse(Value(), CultureInfo.InvariantCulture);
                    active = a is >= 2 and <= 1_000_000 ? a : throw new ArgumentException("--active must be between 2 and 1,000,000.");
                    break;
                case "--dossiers":
                    var d = int.Parse(Value(), CultureInfo.InvariantCulture);
                    dossiers = d is >= 1_000 and <= 2_000_000 ? d : throw new ArgumentException("--dossiers must be between 1,000 and 2,000,000.");
                    break;
                case "--npgsql":
                    connectionOptions = Value();
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }
        return new BenchOptions
        {
            Quick = quick, List = list, Help = help, Only = only, OutputDirectory = output, StepDuration = duration, Reminders = reminders,
            Titles = titles, Offices = offices, Active = active, Dossiers = dossiers, ConnectionOptions = connectionOptions,
        };
    }

    /// <summary>bench/results of the repository holding the working directory, else ./bench-results.</summary>
    private static string DefaultOutputDirectory()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "P4Orleans.sln")))
            {
                return Path.Combine(dir.FullName, "bench", "results");
            }
        }
        return Path.GetFullPath("bench-results");
    }
}
