using Npgsql;
using NpgsqlTypes;
using P4Orleans.Bench.Grains;
using P4Orleans.Bench.Harness;

namespace P4Orleans.Bench.Benchmarks;

/// <summary>
/// Where a grain write call's time goes: the same closed loop over the bare update, the host's own
/// turn SQL issued by hand (no grain runtime), that SQL without the row lock, and the grain call.
/// The gaps between the rows split the cost into SQL shape and in-process host work.
/// </summary>
public sealed class TurnAnatomyBenchmark : IBenchmark
{
    private static readonly int[] Concurrency = [1, 32];

    private const string LockSql =
        "SELECT version, CASE WHEN version = $3 THEN NULL ELSE state::text END FROM grain_state WHERE grain_type = $1 AND grain_id = $2 FOR UPDATE";
    private const string ReadSql =
        "SELECT version, CASE WHEN version = $3 THEN NULL ELSE state::text END FROM grain_state WHERE grain_type = $1 AND grain_id = $2";
    private const string UpdateSql =
        "UPDATE grain_state SET version = $3, state = $4, idx_status = $5, idx_owner = $6, idx_group = $7, idx_amount = $8, " +
        "idx_date = $9, updated_at = $10 WHERE grain_type = $1 AND grain_id = $2";
    private const string UpdateIfVersionSql =
        "UPDATE grain_state SET version = $3, state = $4, idx_status = $5, idx_owner = $6, idx_group = $7, idx_amount = $8, " +
        "idx_date = $9, updated_at = $10 WHERE grain_type = $1 AND grain_id = $2 AND version = $11";

    public string Name => "turn-anatomy";

    public string Description => "a write turn taken apart: bare update, the host's turn SQL by hand, a one-trip what-if, the grain call";

    public async Task<BenchmarkResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var result = new BenchmarkResult(Name, Description);
        var max = Concurrency.Max();
        await using var silo = BenchSilo.Create(context.Database.ConnectionString, "bench-anatomy");
        var sqlSettings = new NpgsqlConnectionStringBuilder(context.Database.ConnectionString) { ApplicationName = "bench-anatomy-sql" };
        if (sqlSettings.MaxAutoPrepare == 0)
        {
            sqlSettings.MaxAutoPrepare = 32;
        }
        await using var db = NpgsqlDataSource.Create(sqlSettings.ConnectionString);
        await using (var setup = db.CreateCommand("""
            INSERT INTO grain_state (grain_type, grain_id, version, state)
            SELECT 'bench-sql', 'sql-' || g, 1, '{"count":0}'::jsonb FROM generate_series(0, $1 - 1) g ON CONFLICT DO NOTHING
            """))
        {
            setup.Parameters.Add(new NpgsqlParameter { Value = max });
            await setup.ExecuteNonQueryAsync(cancellationToken);
        }
        var grains = Enumerable.Range(0, max).Select(i => silo.Grains.GetGrain<IBenchCounterGrain>($"anatomy-{i}")).ToArray();
        var versions = new long[max];
        Array.Fill(versions, 1);

        var sides = new (string Name, Func<int, CancellationToken, Task> Op)[]
        {
            ("bare update", (i, ct) => BareAsync(db, i, ct)),
            ("host SQL, 2 trips", (i, ct) => HostSqlAsync(db, i, versions, LockSql, ct)),
            ("host SQL, no lock", (i, ct) => HostSqlAsync(db, i, versions, ReadSql, ct)),
            ("1 trip, version check", (i, ct) => OneTripAsync(db, i, versions, ct)),
            ("grain call", (i, _) => grains[i].IncrementAsync()),
        };
        await using (var bare = db.CreateCommand("""
            CREATE TABLE IF NOT EXISTS bench_anatomy (id integer PRIMARY KEY, value bigint NOT NULL, at timestamptz NOT NULL);
            """))
        {
            await bare.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var rows = db.CreateCommand("INSERT INTO bench_anatomy SELECT g, 0, now() FROM generate_series(0, $1 - 1) g ON CONFLICT DO NOTHING"))
        {
            rows.Parameters.Add(new NpgsqlParameter { Value = max });
            await rows.ExecuteNonQueryAsync(cancellationToken);
        }

        var warmup = TimeSpan.FromSeconds(Math.Min(1, context.StepDuration.TotalSeconds));
        foreach (var (_, op) in sides)
        {
            await LoadRunner.RunAsync(max, warmup, op, cancellationToken);
        }
        foreach (var callers in Concurrency)
        {
            double? bareRate = null;
            foreach (var (name, op) in sides)
            {
                var meter = CpuMeter.Start(context.Database);
                var r = await LoadRunner.RunAsync(callers, context.StepDuration / 2, op, cancellationToken);
                var cpu = meter.Stop(r.Operations);
                bareRate ??= r.PerSecond;
                result.Rows.Add(new BenchRow()
                    .Add("callers", callers, "F0")
                    .Add("variant", name)
                    .Add("per_s", r.PerSecond, "F0")
                    .Add("p50_ms", r.PercentileMs(50))
                    .Add("p99_ms", r.PercentileMs(99))
                    .Add("vs_bare", r.PerSecond / bareRate.Value)
                    .Add("client_cpu_us", cpu.ClientMicros, "F0")
                    .Add("server_cpu_us", cpu.ServerMicros, "F0")
                    .Add("machine_busy_pct", cpu.MachineBusyPercent, "F0"));
            }
        }
        result.Notes.Add("Same closed loop as grain-calls, caller i on its own row, each variant for half a step. 'host SQL, 2 trips' " +
            "replays the statements of a write turn of GrainRuntime.Turn.cs by hand ([BEGIN; SELECT ... FOR UPDATE] then " +
            "[UPDATE grain_state (10 parameters, jsonb); COMMIT]); 'no lock' drops FOR UPDATE; '1 trip, version check' is a what-if: " +
            "[BEGIN; UPDATE ... WHERE version = cached; COMMIT], the shape of an optimistic turn on a warm activation.");
        result.Notes.Add("client_cpu_us and server_cpu_us: CPU per operation of this process and of PostgreSQL. At low concurrency " +
            "the client figure is inflated by thread-pool spinning while it waits; compare server figures, and client ones at 32.");
        return result;
    }

    private static async Task BareAsync(NpgsqlDataSource db, int id, CancellationToken cancellationToken)
    {
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand("UPDATE bench_anatomy SET value = value + 1, at = now() WHERE id = $1", conn, tx);
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        await cmd.ExecuteNonQueryAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    private static async Task HostSqlAsync(NpgsqlDataSource db, int i, long[] versions, string lockSql, CancellationToken cancellationToken)
    {
        var key = "sql-" + i;
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using (var first = new NpgsqlBatch(conn))
        {
            first.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
            first.BatchCommands.Add(Cmd(lockSql, "bench-sql", key, versions[i]));
            await using var reader = await first.ExecuteReaderAsync(cancellationToken);
            while (reader.FieldCount == 0 && await reader.NextResultAsync(cancellationToken))
            {
            }
            await reader.ReadAsync(cancellationToken);
            versions[i] = reader.GetInt64(0);
        }
        versions[i]++;
        await using var second = new NpgsqlBatch(conn);
        second.BatchCommands.Add(Update(UpdateSql, key, versions[i]));
        second.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        await second.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task OneTripAsync(NpgsqlDataSource db, int i, long[] versions, CancellationToken cancellationToken)
    {
        var key = "sql-" + i;
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(conn);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
        var update = Update(UpdateIfVersionSql, key, versions[i] + 1);
        update.Parameters.Add(new NpgsqlParameter { Value = versions[i] });
        batch.BatchCommands.Add(update);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        await batch.ExecuteNonQueryAsync(cancellationToken);
        if (update.RecordsAffected != 1)
        {
            throw new InvalidOperationException("version moved");
        }
        versions[i]++;
    }

    private static NpgsqlBatchCommand Update(string sql, string key, long version) =>
        Cmd(sql, "bench-sql", key, version,
            new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = $$"""{"count":{{version}},"lastAt":"{{DateTimeOffset.UtcNow:O}}"}""" },
            new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = DBNull.Value },
            new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = DBNull.Value },
            new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = DBNull.Value },
            new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = DBNull.Value },
            new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Date, Value = DBNull.Value },
            DateTimeOffset.UtcNow);

    private static NpgsqlBatchCommand Cmd(string sql, params object?[] args)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var a in args)
        {
            command.Parameters.Add(a as NpgsqlParameter ?? new NpgsqlParameter { Value = a ?? DBNull.Value });
        }
        return command;
    }
}
