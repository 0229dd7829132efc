using Npgsql;
using P4Orleans.Silo.Embedded;

namespace P4Orleans.Silo.Tests;

/// <summary>The embedded PostgreSQL is private to the platform's account: no other local account gets in.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class EmbeddedPostgresPrivacyTests
{
    private static bool IsRoot => Environment.UserName == "root";

    [Fact]
    public async Task another_os_user_cannot_connect_to_the_embedded_server()
    {
        await using var s = new EmbeddedServerFolder("p4o-private", 5441);
        await s.Server.StartAsync(TestContext.Current.CancellationToken);
        var psql = Path.Combine(await PostgresBinaries.LocateAsync(allowInstall: false, TestContext.Current.CancellationToken), "psql");
        string[] target = ["-h", s.Server.SocketDirectory, "-p", "5441", "-U", s.Options.User, "-d", "postgres", "-w", "-tAc", "SELECT 'inside'"];

        // The platform's own account (root here) with the secret gets in: the refusal below is not a broken server.
        var own = await EmbeddedServerFolder.RunAsync(null, "/usr/bin/env", ["PGPASSWORD=" + (await File.ReadAllTextAsync(s.Secret, TestContext.Current.CancellationToken)).Trim(), psql, .. target]);
        Assert.Equal(0, own.ExitCode);
        Assert.Contains("inside", own.Output, StringComparison.Ordinal);

        Assert.True(IsRoot, "this test impersonates other accounts and needs root, as CI runs");
        foreach (var account in new[] { "nobody", "daemon" })
        {
            var other = await EmbeddedServerFolder.RunAsync(account, psql, target);
            Assert.NotEqual(0, other.ExitCode);
            Assert.DoesNotContain("inside", other.Output, StringComparison.Ordinal);
            var secret = await EmbeddedServerFolder.RunAsync(account, "/bin/cat", s.Secret);
            Assert.NotEqual(0, secret.ExitCode);
        }
    }

    [Fact]
    public async Task a_connection_without_the_password_or_with_a_wrong_one_is_refused()
    {
        await using var s = new EmbeddedServerFolder("p4o-nopass", 5442);
        await s.Server.StartAsync(TestContext.Current.CancellationToken);
        var builder = new NpgsqlConnectionStringBuilder(s.Server.ConnectionString) { Pooling = false };
        foreach (var password in new string?[] { null, "", "wrong", builder.Password + "x" })
        {
            builder.Password = password;
            await using var conn = new NpgsqlConnection(builder.ConnectionString);
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => conn.OpenAsync(TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task the_data_folder_the_socket_folder_and_the_secret_belong_to_the_server_account_alone()
    {
        await using var s = new EmbeddedServerFolder("p4o-modes", 5443);
        await s.Server.StartAsync(TestContext.Current.CancellationToken);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(s.Folder));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(s.Server.SocketDirectory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(s.Secret));
        if (IsRoot)
        {
            var postgres = EmbeddedServerFolder.UidOf("postgres");
            Assert.Equal(postgres, EmbeddedServerFolder.OwnerUid(s.Folder));
            Assert.Equal(postgres, EmbeddedServerFolder.OwnerUid(s.Server.SocketDirectory));
        }
        var hba = await File.ReadAllLinesAsync(Path.Combine(s.Server.ClusterDirectory, "pg_hba.conf"), TestContext.Current.CancellationToken);
        var rules = hba.Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.NotEmpty(rules);
        Assert.All(rules, r => Assert.EndsWith("scram-sha-256", r, StringComparison.Ordinal));
        Assert.All(rules, r => Assert.StartsWith("local", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task no_tcp_listener_is_opened_unless_one_is_configured()
    {
        await using var s = new EmbeddedServerFolder("p4o-notcp", 5444);
        await s.Server.StartAsync(TestContext.Current.CancellationToken);
        await using var db = NpgsqlDataSource.Create(s.Server.ConnectionString);
        await using var show = db.CreateCommand("SHOW listen_addresses");
        Assert.Equal("", await show.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task a_folder_initialised_with_trust_is_made_private_on_start_and_keeps_its_data()
    {
        await using var s = new EmbeddedServerFolder("p4o-upgrade", 5445);
        var bin = await PostgresBinaries.LocateAsync(allowInstall: false, TestContext.Current.CancellationToken);
        var data = Path.Combine(s.Folder, "data");
        Directory.CreateDirectory(s.Folder);
        var account = IsRoot ? "postgres" : null;
        if (IsRoot)
        {
            await EmbeddedServerFolder.RunAsync(null, "/bin/chown", "postgres", s.Folder);
        }
        // The folder as earlier versions left it: trust on the socket, no password.
        var init = await EmbeddedServerFolder.RunAsync(account, Path.Combine(bin, "initdb"), "-D", data, "-U", s.Options.User, "--auth=trust", "--no-sync");
        Assert.True(init.ExitCode == 0, init.Output);
        await File.AppendAllTextAsync(Path.Combine(data, "postgresql.conf"), "\ninclude_if_exists = 'p4orleans.conf'\n", TestContext.Current.CancellationToken);

        await s.Server.StartAsync(TestContext.Current.CancellationToken);
        await using (var db = NpgsqlDataSource.Create(s.Server.ConnectionString))
        {
            await using var ping = db.CreateCommand("SELECT count(*) FROM pg_roles WHERE rolname = current_user AND rolpassword IS NOT NULL");
            Assert.Equal(1L, await ping.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        }
        var hba = await File.ReadAllTextAsync(Path.Combine(data, "pg_hba.conf"), TestContext.Current.CancellationToken);
        Assert.DoesNotContain("trust", hba.Split('\n').Where(l => !l.TrimStart().StartsWith('#')), StringComparer.Ordinal);
        Assert.DoesNotMatch(@"(?m)^[^#\n]*\btrust\b", hba);
        var builder = new NpgsqlConnectionStringBuilder(s.Server.ConnectionString) { Pooling = false, Password = null };
        await using var anonymous = new NpgsqlConnection(builder.ConnectionString);
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => anonymous.OpenAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task a_lost_secret_is_generated_again_on_the_next_start_and_the_old_one_no_longer_opens()
    {
        await using var s = new EmbeddedServerFolder("p4o-lost", 5447);
        await s.Server.StartAsync(TestContext.Current.CancellationToken);
        var old = s.Server.ConnectionString;
        await s.Server.StopAsync();
        File.Delete(s.Secret);

        await using var again = new EmbeddedPostgres(s.Options);
        await again.StartAsync(TestContext.Current.CancellationToken);
        Assert.NotEqual(old, again.ConnectionString);
        await using (var db = NpgsqlDataSource.Create(again.ConnectionString))
        {
            await using var ping = db.CreateCommand("SELECT 1");
            Assert.Equal(1, await ping.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        }
        await using var stale = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(old) { Pooling = false }.ConnectionString);
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => stale.OpenAsync(TestContext.Current.CancellationToken));
        await again.StopAsync();
    }
}
