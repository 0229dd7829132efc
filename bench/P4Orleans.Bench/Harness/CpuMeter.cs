using System.Diagnostics;
using System.Globalization;

namespace P4Orleans.Bench.Harness;

/// <summary>
/// CPU spent during a measurement: by this process (the client and the grain host), by the embedded
/// PostgreSQL, and how busy the whole machine was (other work included). Linux only; NaN elsewhere.
/// </summary>
public sealed class CpuMeter
{
    private readonly BenchDatabase _database;
    private readonly TimeSpan _process;
    private readonly TimeSpan? _server;
    private readonly (long Busy, long Total)? _machine;

    private CpuMeter(BenchDatabase database)
    {
        _database = database;
        _process = Process.GetCurrentProcess().TotalProcessorTime;
        _server = database.ServerCpuTime();
        _machine = MachineTicks();
    }

    public static CpuMeter Start(BenchDatabase database) => new(database);

    /// <summary>CPU microseconds per operation of this process and of the server, and the machine's busy share (0-100).</summary>
    public CpuUse Stop(long operations)
    {
        var process = Process.GetCurrentProcess().TotalProcessorTime - _process;
        var server = _database.ServerCpuTime() - _server;
        var machine = MachineTicks();
        var busy = machine is { } m && _machine is { } s && m.Total > s.Total
            ? 100.0 * (m.Busy - s.Busy) / (m.Total - s.Total)
            : double.NaN;
        var n = Math.Max(1, operations);
        return new CpuUse(process.TotalMicroseconds / n, server is { } sv ? sv.TotalMicroseconds / n : double.NaN, busy);
    }

    private static (long Busy, long Total)? MachineTicks()
    {
        if (!File.Exists("/proc/stat"))
        {
            return null;
        }
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var total = cpu.Sum();
        // idle and iowait are the 4th and 5th counters.
        return (total - cpu[3] - cpu[4], total);
    }
}

/// <summary>CPU per operation (microseconds) in this process and in PostgreSQL, and the machine's busy percentage.</summary>
public sealed record CpuUse(double ClientMicros, double ServerMicros, double MachineBusyPercent);
