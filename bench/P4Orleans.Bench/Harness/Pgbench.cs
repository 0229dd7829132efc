using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace P4Orleans.Bench.Harness;

/// <summary>
/// PostgreSQL's own load generator, when it is on the machine: the same SQL as a raw side, run by pgbench
/// (prepared protocol, one connection per client, the same number of clients), so that the harness's raw side can
/// be compared with the best the server's own tool gets. Reports transactions per second and mean latency.
/// </summary>
public static partial class Pgbench
{
    /// <summary>Runs <paramref name="script"/> for <paramref name="duration"/> with <paramref name="clients"/>; null when pgbench is missing or fails.</summary>
    public static async Task<(double Tps, double LatencyMs)?> RunAsync(BenchDatabase database, string script, int clients, TimeSpan duration,
        TextWriter log, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(log);
        var binary = Find();
        if (binary is null)
        {
            await log.WriteLineAsync("  pgbench not found: no pgbench figure");
            return null;
        }
        var file = Path.Combine(Path.GetTempPath(), "p4bench-" + Guid.NewGuid().ToString("N")[..8] + ".sql");
        await File.WriteAllTextAsync(file, script, ct);
        try
        {
            var cs = new NpgsqlConnectionStringBuilder(database.ConnectionString);
            var start = new ProcessStartInfo(binary)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in new[] { "-n", "-M", "prepared", "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", "2",
                         "-T", Math.Max(1, (int)Math.Round(duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture), "-f", file,
                         "-h", cs.Host ?? "localhost", "-p", cs.Port.ToString(CultureInfo.InvariantCulture), "-U", cs.Username ?? "postgres",
                         cs.Database ?? "postgres" })
            {
                start.ArgumentList.Add(a);
            }
            // The password goes through the environment of the child only, never on its command line.
            start.Environment["PGPASSWORD"] = cs.Password ?? "";
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync(ct);
            var error = await process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            var tps = Tps().Match(output);
            var latency = Latency().Match(output);
            if (process.ExitCode != 0 || !tps.Success)
            {
                await log.WriteLineAsync($"  pgbench failed (exit {process.ExitCode}): {string.Join(" | ", (error + output).Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(4))}");
                return null;
            }
            return (double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture),
                latency.Success ? double.Parse(latency.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string? Find()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(
                     Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")) : []))
        {
            var candidate = Path.Combine(dir, "pgbench");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    [GeneratedRegex(@"tps = ([0-9.]+)")]
    private static partial Regex Tps();

    [GeneratedRegex(@"latency average = ([0-9.]+) ms")]
    private static partial Regex Latency();
}
