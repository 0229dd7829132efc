namespace P4Orleans.Bench.Harness;

/// <summary>
/// One benchmark: a name to select it with <c>--only</c>, and a run that returns rows of metrics.
/// A new benchmark is a class implementing this interface, listed in <see cref="BenchmarkCatalog"/>.
/// </summary>
public interface IBenchmark
{
    /// <summary>The name used by <c>--only</c> and in the JSON file, for example <c>grain-calls</c>.</summary>
    string Name { get; }

    /// <summary>One line saying what is measured.</summary>
    string Description { get; }

    /// <summary>Runs the benchmark against the run's database; bounded in time, stops by itself.</summary>
    Task<BenchmarkResult> RunAsync(BenchContext context, CancellationToken cancellationToken);
}

/// <summary>What a benchmark gets: the options of the run, the database, and a progress log.</summary>
public sealed class BenchContext(BenchOptions options, BenchDatabase database, TextWriter log)
{
    public BenchOptions Options { get; } = options;
    public BenchDatabase Database { get; } = database;

    /// <summary>Progress lines (stderr), so that stdout holds only the table.</summary>
    public TextWriter Log { get; } = log;

    /// <summary>A step's measuring time: 5 s, or 1.5 s with <c>--quick</c>, unless <c>--duration</c> says otherwise.</summary>
    public TimeSpan StepDuration => Options.StepDuration ?? (Options.Quick ? TimeSpan.FromSeconds(1.5) : TimeSpan.FromSeconds(5));
}

/// <summary>The outcome of one benchmark: its rows, the checks it made, and notes on method.</summary>
public sealed class BenchmarkResult(string name, string description)
{
    public string Name { get; } = name;
    public string Description { get; } = description;
    public List<BenchRow> Rows { get; } = [];

    /// <summary>Verifications (for example "each reminder fired exactly once"); a failed one fails the run.</summary>
    public List<BenchCheck> Checks { get; } = [];

    /// <summary>Targets the numbers are compared to (reported, never a failure of the run).</summary>
    public List<BenchTarget> Targets { get; } = [];

    /// <summary>How it was measured, in a sentence or two each.</summary>
    public List<string> Notes { get; } = [];

    public bool Passed => Checks.TrueForAll(c => c.Passed);
}

/// <summary>A verification made by a benchmark; <see cref="Passed"/> false fails the run.</summary>
public sealed record BenchCheck(string Description, bool Passed);

/// <summary>A target the numbers are compared to; missing it is reported, not a failure.</summary>
public sealed record BenchTarget(string Description, bool Met);

/// <summary>One row of a benchmark's table: named metrics in display order.</summary>
public sealed class BenchRow
{
    private readonly List<BenchMetric> _metrics = [];

    public IReadOnlyList<BenchMetric> Metrics => _metrics;

    /// <summary>Adds a number shown with <paramref name="format"/> (for example F2, N0).</summary>
    public BenchRow Add(string name, double value, string format = "F2")
    {
        _metrics.Add(new BenchMetric(name, value, null, format));
        return this;
    }

    /// <summary>Adds a text value.</summary>
    public BenchRow Add(string name, string text)
    {
        _metrics.Add(new BenchMetric(name, null, text, ""));
        return this;
    }
}

/// <summary>A metric: a number (with its display format) or a text.</summary>
public sealed record BenchMetric(string Name, double? Number, string? Text, string Format)
{
    public string Display => Number is { } n ? n.ToString(Format, System.Globalization.CultureInfo.InvariantCulture) : Text ?? "";
}
