using System.Diagnostics;

namespace P4Orleans.Bench.Harness;

/// <summary>One run: the database up, each selected benchmark in turn, the report, the database down.</summary>
public static class BenchRun
{
    public static async Task<int> RunAsync(BenchOptions options, IReadOnlyList<IBenchmark> benchmarks, CancellationToken cancellationToken)
    {
        var log = Console.Error;
        var started = DateTimeOffset.UtcNow;
        var machine = await Report.MachineAsync();
        var results = new List<BenchmarkResult>();
        Dictionary<string, string> database;
        await using (var db = await BenchDatabase.StartAsync(options, log, cancellationToken))
        {
            database = await db.DescribeAsync(cancellationToken);
            await log.WriteLineAsync($"PostgreSQL {database["server_version"]}, fsync {database["fsync"]}, " +
                $"synchronous_commit {database["synchronous_commit"]}; {machine["cores"]} cores");
            var context = new BenchContext(options, db, log);
            foreach (var benchmark in benchmarks)
            {
                await log.WriteLineAsync($"{benchmark.Name}...");
                var clock = Stopwatch.StartNew();
                BenchmarkResult result;
                try
                {
                    result = await benchmark.RunAsync(context, cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
                {
                    // One benchmark's failure is reported as a failed check; the others still run.
                    result = new BenchmarkResult(benchmark.Name, benchmark.Description);
                    result.Checks.Add(new BenchCheck($"ran to its end (threw {e.GetType().Name}: {e.Message.Split('\n')[0][..Math.Min(200, e.Message.Split('\n')[0].Length)]})", false));
                    await log.WriteLineAsync($"{benchmark.Name} failed: {e}");
                }
                await log.WriteLineAsync($"{benchmark.Name} done in {clock.Elapsed.TotalSeconds:F1} s");
                results.Add(result);
            }
        }

        await Console.Out.WriteLineAsync();
        await Console.Out.WriteLineAsync($"P4Orleans bench, {started:yyyy-MM-dd HH:mm} UTC, {machine["cores"]} cores, {machine["os"]}, " +
            $"PostgreSQL {database["server_version"]} ({database["kind"]}, fsync {database["fsync"]}){(options.Quick ? ", quick" : "")}");
        foreach (var result in results)
        {
            await Console.Out.WriteLineAsync();
            await Console.Out.WriteAsync(Report.Table(result));
        }
        var (stamped, _) = await Report.WriteJsonAsync(options.OutputDirectory, started, options, machine, database, results);
        await Console.Out.WriteLineAsync();
        await Console.Out.WriteLineAsync($"JSON: {stamped} (and latest.json)");
        return results.TrueForAll(r => r.Passed) ? 0 : 1;
    }
}
