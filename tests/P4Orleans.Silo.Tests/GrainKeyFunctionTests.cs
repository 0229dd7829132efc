using System.Globalization;
using Npgsql;
using P4Orleans.Testing;

namespace P4Orleans.Silo.Tests;

/// <summary>
/// <c>orleans_grain_key</c> gives every row the key the platform uses, and is inlined by the planner (a function
/// called apart costs an executor start-up in every storage read and write).
/// </summary>
public sealed class GrainKeyFunctionTests(ClassDatabase database) : IClassFixture<ClassDatabase>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task a_guid_key_reads_back_as_the_guid_in_n_format_and_other_keys_as_before()
    {
        var random = new Random(17);
        var cases = new List<(long N0, long N1, string? Extension, string Expected)>();
        // Seeded, so that a failure reproduces: 2,000 keys over every byte value, and the edges.
        var guids = Enumerable.Range(0, 2_000).Select(_ =>
            {
                var random16 = new byte[16];
                random.NextBytes(random16);
                return new Guid(random16);
            })
            .Concat([Guid.Empty, Guid.Parse("ffffffff-ffff-ffff-ffff-ffffffffffff"), Guid.Parse("80000000-8000-8000-8000-800000000000"),
                Guid.Parse("00000001-0001-0001-0102-030405060708"), Guid.Parse("7fffffff-7fff-7fff-7f7f-7f7f7f7f7f7f")]);
        foreach (var guid in guids)
        {
            // Orleans' halves of a Guid key: the two 8-byte little-endian halves of Guid.ToByteArray.
            var bytes = guid.ToByteArray();
            var (n0, n1) = (BitConverter.ToInt64(bytes, 0), BitConverter.ToInt64(bytes, 8));
            if (n0 == 0)
            {
                continue; // read as an integer key below, as before
            }
            cases.Add((n0, n1, null, guid.ToString("N")));
            cases.Add((n0, n1, "ext+1", guid.ToString("N") + "+ext+1"));
        }
        foreach (var n1 in new[] { 0L, 1L, -1L, long.MaxValue, long.MinValue, random.NextInt64() })
        {
            cases.Add((0, n1, null, n1.ToString(CultureInfo.InvariantCulture)));
            if (n1 != 0)
            {
                cases.Add((0, n1, "x", n1.ToString(CultureInfo.InvariantCulture) + "+x"));
            }
        }
        cases.Add((0, 0, "dossier-key", "dossier-key"));
        cases.Add((0, 0, "", ""));

        await using var db = NpgsqlDataSource.Create(database.ConnectionString);
        await using var cmd = db.CreateCommand("SELECT orleans_grain_key(n0, n1, e) FROM unnest($1::bigint[], $2::bigint[], $3::text[]) WITH ORDINALITY AS v(n0, n1, e, o) ORDER BY o");
        cmd.Parameters.Add(new NpgsqlParameter { Value = cases.Select(c => c.N0).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = cases.Select(c => c.N1).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = cases.Select(c => c.Extension).ToArray() });
        var actual = new List<string>();
        await using (var reader = await cmd.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                actual.Add(reader.GetString(0));
            }
        }

        Assert.Equal(cases.Select(c => c.Expected), actual);
    }

    [Fact]
    public async Task the_planner_inlines_it()
    {
        await using var db = NpgsqlDataSource.Create(database.ConnectionString);
        await using var cmd = db.CreateCommand(
            "EXPLAIN (VERBOSE, COSTS OFF) SELECT orleans_grain_key(g, g + 1, g::text) FROM generate_series(1::bigint, 2::bigint) AS g");
        var plan = new List<string>();
        await using (var reader = await cmd.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                plan.Add(reader.GetString(0));
            }
        }

        var text = string.Join('\n', plan);
        Assert.DoesNotContain("orleans_grain_key", text, StringComparison.Ordinal);
        Assert.Contains("to_hex", text, StringComparison.Ordinal);
    }
}
