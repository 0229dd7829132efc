using P4Orleans.Bench.Harness;

// The benchmark harness: start a fresh database, run the benchmarks, print tables, write JSON.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
{
    await Console.Error.WriteLineAsync(e.Message + "\n\n" + BenchOptions.Usage);
    return 2;
}
if (options.Help || options.List)
{
    await Console.Out.WriteLineAsync(options.Help ? BenchOptions.Usage : string.Join('\n', BenchmarkCatalog.All.Select(b => $"{b.Name,-14} {b.Description}")));
    return 0;
}
var selected = BenchmarkCatalog.All.Where(b => options.Only.Count == 0 || options.Only.Contains(b.Name)).ToList();
var unknown = options.Only.Where(n => BenchmarkCatalog.All.All(b => !string.Equals(b.Name, n, StringComparison.OrdinalIgnoreCase))).ToList();
if (unknown.Count > 0)
{
    await Console.Error.WriteLineAsync($"Unknown benchmark(s): {string.Join(", ", unknown)}. Use --list.");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
return await BenchRun.RunAsync(options, selected, stop.Token);
