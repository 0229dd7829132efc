using System.Diagnostics;
using System.Globalization;
using Npgsql;
using P4Orleans.Silo.Embedded;

namespace P4Orleans.Silo.Tests;

/// <summary>A private embedded PostgreSQL of one test, in a folder of its own, removed afterwards.</summary>
internal sealed class EmbeddedServerFolder : IAsyncDisposable
{
    public EmbeddedServerFolder(string prefix, int port)
    {
        Folder = Path.Combine(Path.GetTempPath(), prefix + "-" + Guid.NewGuid().ToString("N")[..8]);
        Options = new EmbeddedPostgresOptions { DataDirectory = Folder, Durable = false, Port = port, SharedBuffers = "16MB", MaxConnections = 20 };
        Server = new EmbeddedPostgres(Options);
    }

    public string Folder { get; }

    public EmbeddedPostgresOptions Options { get; }

    public EmbeddedPostgres Server { get; }

    public string Log => Path.Combine(Folder, "postgres.log");

    public string Secret => Path.Combine(Folder, "superuser-password");

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await Server.DisposeAsync();
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    /// <summary>Runs a program (as another OS account when <paramref name="asUser"/> is set) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string? asUser, string file, params string[] args)
    {
        var psi = new ProcessStartInfo { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (asUser is null)
        {
            psi.FileName = file;
        }
        else
        {
            psi.FileName = "/usr/sbin/runuser";
            psi.ArgumentList.Add("-u");
            psi.ArgumentList.Add(asUser);
            psi.ArgumentList.Add("--");
            psi.ArgumentList.Add(file);
        }
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment.Remove("PGPASSWORD");
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await stdout + await stderr);
    }

    public static int OwnerUid(string path) =>
        int.Parse(RunAsync(null, "stat", "-c", "%u", path).GetAwaiter().GetResult().Output.Trim(), CultureInfo.InvariantCulture);

    public static int UidOf(string account) =>
        int.Parse(RunAsync(null, "id", "-u", account).GetAwaiter().GetResult().Output.Trim(), CultureInfo.InvariantCulture);
}
