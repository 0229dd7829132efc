using System.Text.Json;
using System.Text.Json.Serialization;
using P4Orleans.Contracts;

namespace P4Orleans.Orleans.Tests.Platform;

/// <summary>
/// A command that throws leaves no trace, neither in storage nor in the activation's memory (Orleans keeps a
/// mutated State after an exception): for every dossier command that changes the state before it can fail
/// (the vault sealing free text or the debtor after the model has begun, a check after a change), the stored
/// row, the journal and the grain's next view are the same before and after, and the next good command works.
/// </summary>
public sealed class FailedCommandTests(OnePlatformSilo cluster) : IClassFixture<OnePlatformSilo>
{
    private const string Office = "office-nt";
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };
    private static int _counter;

    private static DateOnly Today => new(2026, 3, 2);

    /// <summary>The steps that bring a dossier to where the failing command applies.</summary>
    public enum Stage
    {
        Submitted,
        Assigned,
        Accepted,
        Served,
    }

    public static TheoryData<string, Stage, bool> Commands() => new()
    {
        // name, stage, fails by the vault (else by its input)
        { "assign-by-operator", Stage.Submitted, true },
        { "declare-irrecoverable", Stage.Submitted, true },
        { "withdraw", Stage.Assigned, true },
        { "refuse", Stage.Assigned, true },
        { "reassign", Stage.Accepted, true },
        { "report-service", Stage.Accepted, true },
        { "report-seizure", Stage.Served, true },
        { "report-service-in-the-future", Stage.Accepted, false },
        { "executory-seizure-before-executable", Stage.Served, false },
        { "payment-of-nothing", Stage.Served, false },
        { "accept-by-another-office", Stage.Assigned, false },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task a_failed_command_leaves_the_row_the_journal_and_the_next_view_as_they_were(string command, Stage stage, bool byVault)
    {
        var reference = $"ONSS-NT-{Interlocked.Increment(ref _counter):D4}-{command}";
        var id = await cluster.SubmitAsync(reference);
        var grain = cluster.Grains.GetGrain<IDossierGrain>(id);
        await BringToAsync(grain, stage);
        var before = await SnapshotAsync(id, grain);

        cluster.Vault.Fail = byVault;
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => RunAsync(grain, command));
        }
        finally
        {
            cluster.Vault.Fail = false;
        }

        var after = await SnapshotAsync(id, grain);
        Assert.Equal(before.Row, after.Row);
        Assert.Equal(before.Journal, after.Journal);
        Assert.Equal(before.View, after.View);

        // The activation is sound: a good command writes once more from the state as stored.
        await grain.AttachDocumentAsync(null, new DocumentUpload("doc-" + command, DocumentKind.Other, "application/pdf", 10, new string('a', 64)));
        Assert.Equal(before.Row!.Value.Version + 1, (await cluster.RowAsync("dossier", id))!.Value.Version);
    }

    [Fact]
    public async Task a_submission_whose_debtor_cannot_be_sealed_leaves_no_row_and_no_dossier_behind()
    {
        const string reference = "ONSS-NT-SUBMIT-1";
        var id = PlatformData.Id(reference);
        var grain = cluster.Grains.GetGrain<IDossierGrain>(id);
        cluster.Vault.Fail = true;
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => grain.SubmitAsync(PlatformData.Contrainte(reference)));
        }
        finally
        {
            cluster.Vault.Fail = false;
        }

        Assert.Null(await cluster.RowAsync("dossier", id));
        Assert.Equal(0, await cluster.JournalCountAsync(id));
        // The intake had already filled the state in memory: the activation must not show it.
        await Assert.ThrowsAsync<DossierNotFoundException>(() => grain.GetSummaryAsync());
        var outcome = await grain.SubmitAsync(PlatformData.Contrainte(reference));
        Assert.False(outcome.Duplicate);
        Assert.Equal(1, (await cluster.RowAsync("dossier", id))!.Value.Version);
    }

    private async Task<(
        (long Version, string Payload)? Row, long Journal, string View)> SnapshotAsync(string id, IDossierGrain grain) =>
        (await cluster.RowAsync("dossier", id), await cluster.JournalCountAsync(id), JsonSerializer.Serialize(await grain.GetAsync(), Json));

    private static async Task BringToAsync(IDossierGrain grain, Stage stage)
    {
        if (stage >= Stage.Assigned)
        {
            await grain.AssignAsync(Office, "test");
        }
        if (stage >= Stage.Accepted)
        {
            await grain.AcceptAsync(Office);
        }
        if (stage >= Stage.Served)
        {
            await grain.ReportServiceAsync(Office, new ServiceReport(Today, ServiceMode.InPerson, "Sophie Lambert", "A-1"));
        }
    }

    private static Task RunAsync(IDossierGrain grain, string command) => command switch
    {
        "assign-by-operator" => grain.AssignByOperatorAsync(new OfficeFacts(Office, "liege", BailiffStatus.Active), "manual choice"),
        "declare-irrecoverable" => grain.DeclareIrrecoverableAsync("no assets"),
        "withdraw" => grain.WithdrawAsync("paid at ONSS"),
        "refuse" => grain.RefuseAsync(Office, RefusalReason.Capacity, "full"),
        "reassign" => grain.ReassignAsync(null, "office slow"),
        "report-service" => grain.ReportServiceAsync(Office, new ServiceReport(Today, ServiceMode.InPerson, "Sophie Lambert", "A-1")),
        "report-seizure" => grain.ReportSeizureAsync(Office, new SeizureReport(SeizureKind.MovableGoods, SeizureNature.Conservatory, Today,
            [new SeizableAsset("Volkswagen Golf", 500_000)], "S-1")),
        "report-service-in-the-future" => grain.ReportServiceAsync(Office, new ServiceReport(Today.AddDays(3), ServiceMode.InPerson, "Sophie Lambert", "A-1")),
        "executory-seizure-before-executable" => grain.ReportSeizureAsync(Office, new SeizureReport(SeizureKind.MovableGoods, SeizureNature.Executory, Today,
            [new SeizableAsset("Volkswagen Golf", 500_000)], "S-1")),
        "payment-of-nothing" => grain.RecordPaymentAsync(null, new PaymentReport(0, Today, PaymentSource.Onss, "P-0")),
        "accept-by-another-office" => grain.AcceptAsync("office-other"),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, null),
    };
}
