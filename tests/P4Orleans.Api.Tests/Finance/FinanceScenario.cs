using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using P4Orleans.Api.Tests.Dossiers;
using P4Orleans.Contracts;
using P4Orleans.Recovery.Finance;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Finance;

/// <summary>
/// Steps of the finance tests on a <see cref="Scenario"/> whose reformed tariff starts on 4 March 2026, so that one
/// month holds acts under both tariffs: a service on 3 March (the 1976 tariff) and a seizure on 5 March (the 2024 one).
/// </summary>
internal static class FinanceScenario
{
    /// <summary>The first act date of the reformed tariff in these tests.</summary>
    public static readonly DateOnly ReformFrom = new(2026, 3, 4);

    public static Scenario Create(IDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?> { ["Law:Tariff:ReformFrom"] = ReformFrom.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return new Scenario(settings);
    }

    /// <summary>Moves the platform clock to 10:00 Brussels time (09:00 UTC in winter) of <paramref name="day"/>, never back.</summary>
    public static void MoveTo(Scenario s, DateOnly day)
    {
        var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
        if (at > s.Clock.GetUtcNow())
        {
            s.Clock.SetUtcNow(at);
        }
    }

    /// <summary>Submits, dispatches and accepts a contrainte of 3,250.00 (3,000 contributions + 250 interest); returns its id and office's client.</summary>
    public static async Task<(string Id, string Office, HttpClient Bailiff)> AcceptedAsync(Scenario s, HttpClient onss, HttpClient operators, string reference, int niss)
    {
        var (id, office) = await s.SubmitAndDispatchAsync(onss, operators, Contrainte(reference, Debtor.Default with { Niss = Niss(niss) }));
        var bailiff = await s.BailiffAsync(office);
        await PostAsync(bailiff, $"/bailiff/dossiers/{id}/acceptance", null);
        return (id, office, bailiff);
    }

    public static async Task ServeAsync(Scenario s, HttpClient bailiff, string id, DateOnly on)
    {
        MoveTo(s, on);
        await PostAsync(bailiff, $"/bailiff/dossiers/{id}/service", new ServiceReport(on, ServiceMode.InPerson, null, "ACT-S-" + id[..6]));
    }

    /// <summary>Lets the command to pay run out, then reports an executory seizure of movables on <paramref name="on"/>.</summary>
    public static async Task SeizeAsync(Scenario s, HttpClient bailiff, string id, DateOnly on)
    {
        MoveTo(s, on);
        await s.PollRemindersAsync();
        await PostAsync(bailiff, $"/bailiff/dossiers/{id}/seizures",
            new SeizureReport(SeizureKind.MovableGoods, SeizureNature.Executory, on, [new SeizableAsset("Van", 900_000)], "ACT-Z-" + id[..6]));
    }

    public static async Task PayAsync(Scenario s, HttpClient client, string path, string id, long cents, DateOnly on, PaymentSource source, string reference)
    {
        MoveTo(s, on);
        await PostAsync(client, $"/{path}/dossiers/{id}/payments", new PaymentReport(cents, on, source, reference));
    }

    public static async Task<RemittanceStatement> StatementAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path, Ct);
        await ExpectAsync(response, HttpStatusCode.OK);
        return await ReadAsync<RemittanceStatement>(response);
    }

    public static async Task<long> ScalarAsync(Scenario s, string sql, params object[] args)
    {
        await using var cmd = s.Api.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        foreach (var arg in args)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = arg });
        }

        return Convert.ToInt64(await cmd.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
    }
}
