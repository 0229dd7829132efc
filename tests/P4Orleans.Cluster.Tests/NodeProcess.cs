using System.Diagnostics;

namespace P4Orleans.Cluster.Tests;

/// <summary>
/// One node of the platform as a real operating-system process: <c>dotnet P4Orleans.Api.dll</c> with its
/// configuration in environment variables, its output in a log file of the test's folder. Disposing kills
/// it (and anything it started) whatever state the test is in.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();

    private NodeProcess(string name, int httpPort, IReadOnlyDictionary<string, string> settings, Process process, StreamWriter log, string logFile)
    {
        Name = name;
        Settings = settings;
        HttpPort = httpPort;
        _process = process;
        _log = log;
        LogFile = logFile;
    }

    /// <summary>The node's name in the test (also its <c>Silo:NodeId</c>).</summary>
    public string Name { get; }

    /// <summary>The environment variables it was started with on top of the test's.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>The port its HTTP server listens on (loopback).</summary>
    public int HttpPort { get; }

    /// <summary>Where its standard output and error go.</summary>
    public string LogFile { get; }

    /// <summary>The base address of its HTTP server.</summary>
    public Uri BaseAddress => new($"http://127.0.0.1:{HttpPort}");

    /// <summary>The operating system's process id.</summary>
    public int Pid => _process.Id;

    /// <summary>True once the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts <paramref name="apiAssembly"/> with exactly the given settings on top of the test's environment.</summary>
    public static NodeProcess Start(string name, int httpPort, string apiAssembly, IReadOnlyDictionary<string, string> environment, string folder)
    {
        var info = new ProcessStartInfo(DotnetHost(), [apiAssembly])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Settings the test runner may carry must not leak into the node: the node gets its own.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)
            || k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpPort}";

        var logFile = Path.Combine(folder, name + ".log");
        var log = new StreamWriter(logFile, append: false) { AutoFlush = true };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var node = new NodeProcess(name, httpPort, environment, process, log, logFile);
        process.OutputDataReceived += (_, e) => node.Write(e.Data);
        process.ErrorDataReceived += (_, e) => node.Write(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    /// <summary>SIGKILL: the process ends at once, without running any of its shutdown code.</summary>
    public void KillHard()
    {
        if (!_process.HasExited)
        {
            // On Unix, Process.Kill sends SIGKILL.
            _process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Waits (bounded) for the process to be gone.</summary>
    public async Task WaitForExitAsync(TimeSpan bound)
    {
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} (pid {Pid}) did not exit within {bound}.");
        }
    }

    /// <summary>The last lines of the node's output, for a failure message.</summary>
    public string Tail(int lines = 40)
    {
        lock (_logLock)
        {
            _log.Flush();
        }
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return $"--- {Name} (pid {Pid}{(HasExited ? ", exited" : "")}) ---\n" + string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException e)
        {
            return $"--- {Name}: log unreadable ({e.Message}) ---";
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            KillHard();
            await WaitForExitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            // Never started, already reaped, or stuck in the kernel: nothing more a test can do.
        }
        finally
        {
            _process.Dispose();
            lock (_logLock)
            {
                _log.Dispose();
            }
        }
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_logLock)
        {
            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // Output that arrives after the node was disposed is dropped.
            }
        }
    }

    /// <summary>The dotnet host that runs the tests (set by the SDK), else the one on the PATH.</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
