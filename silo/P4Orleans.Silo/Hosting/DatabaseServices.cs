using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using P4Orleans.Silo.Database;
using P4Orleans.Silo.Embedded;

namespace P4Orleans.Silo.Hosting;

/// <summary>Settings of the database (section <c>Database</c>).</summary>
public sealed class DatabaseOptions
{
    /// <summary>Apply the migrations when the node starts (under an advisory lock: safe on every node).</summary>
    public bool MigrateOnStart { get; set; } = true;
}

/// <summary>Starts the embedded PostgreSQL first and stops it last.</summary>
internal sealed class EmbeddedPostgresService(EmbeddedPostgres embedded, IServiceProvider services, ILogger<EmbeddedPostgresService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("No connection string configured: using the embedded PostgreSQL in {Directory}", embedded.DataDirectory);
        await embedded.StartAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Every other service has stopped: close the pool's connections before the server goes away.
        services.GetService<NpgsqlDataSource>()?.Clear();
        await embedded.StopAsync();
    }
}

/// <summary>Applies the migrations at start.</summary>
internal sealed class MigrationService(Migrator migrator, DatabaseOptions options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.MigrateOnStart)
        {
            await migrator.MigrateAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Readiness: the database answers and every migration is applied.</summary>
public sealed class DatabaseReadiness(NpgsqlDataSource db, Migrator migrator)
{
    public async Task<(bool Ready, string Detail)> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var cmd = db.CreateCommand("SELECT 1");
            await cmd.ExecuteScalarAsync(cancellationToken);
            return await migrator.IsUpToDateAsync(cancellationToken) ? (true, "ready") : (false, "migrations pending");
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // Idle connections to a server that went away would fail one request each once it is back: drop them now.
            db.Clear();
            return (false, "database unreachable");
        }
    }
}

public static class DatabaseServiceCollectionExtensions
{
    /// <summary>
    /// The database: <c>ConnectionStrings:Postgres</c> when set, otherwise the embedded PostgreSQL (section
    /// <c>Embedded</c>), started before anything else and stopped last; migrations applied at start. Also the
    /// redacting logger factory (<see cref="RedactedLogging"/>): every host of the platform calls this method.
    /// </summary>
    public static IServiceCollection AddP4Database(this IServiceCollection services, IConfiguration configuration)
    {
        // Database errors carry row contents in their messages: no host may log them unredacted.
        services.AddRedactedLogging();
        var connectionString = configuration.GetConnectionString("Postgres");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = null;
            var options = configuration.GetValidated<EmbeddedPostgresOptions>("Embedded");
            services.AddSingleton(options);
            services.AddSingleton(sp => new EmbeddedPostgres(options, sp.GetRequiredService<ILoggerFactory>().CreateLogger<EmbeddedPostgres>()));
            services.AddHostedService<EmbeddedPostgresService>();
            if (options.Supervise)
            {
                // The supervisor waits on the wall clock: it watches a real process, whatever clock the domain runs on.
                services.AddSingleton(sp => new EmbeddedPostgresSupervisor(sp.GetRequiredService<EmbeddedPostgres>(),
                    sp.GetRequiredService<NpgsqlDataSource>(), options, TimeProvider.System,
                    sp.GetRequiredService<ILogger<EmbeddedPostgresSupervisor>>()));
                services.AddHostedService(sp => sp.GetRequiredService<EmbeddedPostgresSupervisor>());
            }
        }
        services.AddSingleton(configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions());
        services.AddSingleton(sp =>
        {
            // The embedded server's connection string carries its password, read (or generated) on first use.
            var given = connectionString ?? sp.GetRequiredService<EmbeddedPostgres>().ConnectionString;
            var builder = new NpgsqlDataSourceBuilder(given);
            builder.ConnectionStringBuilder.ApplicationName ??= "p4orleans";
            // The host sends the same few statements all day: prepare them once per connection.
            if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
            {
                builder.ConnectionStringBuilder.MaxAutoPrepare = 32;
            }
            // A connection back in the pool is not reset, unless the connection string says otherwise. The platform leaves
            // no session state on a connection: no SET, no LISTEN, temporary tables only ON COMMIT DROP, and its one
            // session advisory lock (the migrator's) released in a finally; Npgsql still rolls back a transaction left
            // open. The reset is seven statements prepended to the next command of every checkout; without it a deadline
            // costs the server about a tenth less (bench/README.md).
            if (!Names(given, "noresetonclose"))
            {
                builder.ConnectionStringBuilder.NoResetOnClose = true;
            }
            builder.UseLoggerFactory(sp.GetRequiredService<ILoggerFactory>());
            return builder.Build();
        });
        services.AddSingleton<Migrator>();
        services.AddSingleton<DatabaseReadiness>();
        services.AddHostedService<MigrationService>();
        return services;
    }

    /// <summary>
    /// Whether <paramref name="connectionString"/> sets <paramref name="keyword"/> itself, however it is spelled
    /// (<c>No Reset On Close</c>, <c>noresetonclose</c>): give the keyword without spaces.
    /// </summary>
    public static bool Names(string connectionString, string keyword)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return given.Keys.Cast<string>().Any(k => string.Equals(k.Replace(" ", "", StringComparison.Ordinal), keyword, StringComparison.OrdinalIgnoreCase));
    }
}
