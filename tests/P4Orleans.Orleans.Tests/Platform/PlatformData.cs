using Npgsql;
using P4Orleans.Contracts;
using P4Orleans.Law;
using P4Orleans.Recovery.Intake;

namespace P4Orleans.Orleans.Tests.Platform;

/// <summary>Valid titles for the platform clock's dates, and reads of the rows the grains write.</summary>
public static class PlatformData
{
    /// <summary>A contrainte against a debtor of Liège (arrondissement <c>liege</c>), unique by <paramref name="reference"/>.</summary>
    public static TitleSubmission Contrainte(string reference) => new(
        reference,
        TitleKind.Contrainte,
        IssueDate: new DateOnly(2026, 2, 20),
        SignatoryQuality: "administrateur général adjoint",
        FormalNoticeDate: new DateOnly(2026, 1, 10),
        FormalNoticeChannel: NoticeChannel.RegisteredLetter,
        Debtor: new DebtorSubmission(PersonKind.Natural, "85073003328", "Vandermeulen", "Jean",
            new PostalAddress("Rue des Guillemins", "12", null, "4000", "Liège", "BE"), "BE68539007547034"),
        ThirdParties: [new ThirdPartySubmission("garnishee", "Banque Exemple", "0123456749")],
        Amounts: [new ClaimAmount(DebtComponent.Contributions, 300_000), new ClaimAmount(DebtComponent.LateInterest, 50_000)],
        ContributionQuarter: new ContributionQuarter(2025, 3));

    /// <summary>The dossier id of a reference (as every intake path derives it).</summary>
    public static string Id(string reference) => DossierIds.FromReference(reference);

    /// <summary>Submits a title through its grain; returns the dossier id.</summary>
    public static async Task<string> SubmitAsync(this PlatformCluster cluster, string reference)
    {
        var id = Id(reference);
        await cluster.Grains.GetGrain<IDossierGrain>(id).SubmitAsync(Contrainte(reference));
        return id;
    }

    /// <summary>The stored row of a grain: its version and payload (null when there is no row).</summary>
    public static async Task<(long Version, string Payload)?> RowAsync(this PlatformCluster cluster, string stateName, string key)
    {
        await using var cmd = cluster.Database.CreateCommand(
            "SELECT version, payload::text FROM orleans_grain_state WHERE service_id = $1 AND state_name = $2 AND grain_key = $3");
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.ServiceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = stateName });
        cmd.Parameters.Add(new NpgsqlParameter { Value = key });
        await using var r = await cmd.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        return await r.ReadAsync(TestContext.Current.CancellationToken) ? (r.GetInt64(0), r.GetString(1)) : null;
    }

    /// <summary>How many journal entries of <paramref name="kind"/> (any kind when null) a grain has.</summary>
    public static async Task<long> JournalCountAsync(this PlatformCluster cluster, string key, string? kind = null)
    {
        await using var cmd = cluster.Database.CreateCommand(
            "SELECT count(*) FROM journal WHERE service_id = $1 AND grain_key = $2 AND ($3::text IS NULL OR kind = $3)");
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.ServiceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = key });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)kind ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        return (long)(await cmd.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    /// <summary>Runs a query returning one integer.</summary>
    public static async Task<long> CountAsync(this PlatformCluster cluster, string sql, params object[] values)
    {
        await using var cmd = cluster.Database.CreateCommand(sql);
        foreach (var v in values)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = v });
        }
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
