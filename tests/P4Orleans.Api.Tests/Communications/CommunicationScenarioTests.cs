using System.Net;
using System.Net.Http.Json;
using Npgsql;
using P4Orleans.Api.Tests.Dossiers;
using P4Orleans.Contracts;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Communications;

/// <summary>
/// Communications through the real gateway and silo with the file adapter: the message written, the status moved,
/// back-off by the platform clock, the retry bound, retry and abandon, acknowledgements setting the deadline.
/// </summary>
public sealed class CommunicationScenarioTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Communications:MaxAttempts"] = "3",
        ["Communications:InitialBackoff"] = "00:01:00",
        ["Communications:MaxBackoff"] = "00:04:00",
    };

    private readonly Scenario _s = new(Settings);

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    private static string Path(string dossierId) => $"/operators/dossiers/{dossierId}/communications";

    private static CommunicationRequest Notice(string body = "Nous vous mettons en demeure de payer 3.250,00 EUR.") =>
        new(CommunicationKind.FormalNotice, "Mise en demeure", body);

    private string LetterFile(string dossierId, string id) => System.IO.Path.Combine(_s.Api.OutboxFolder, "letters", $"{dossierId}.{id}.json");

    [Fact]
    public async Task an_operator_sends_a_registered_letter_written_as_a_file_and_operators_and_onss_list_it()
    {
        var onss = await _s.OnssAsync();
        var operators = await _s.OperatorAsync();
        var id = await _s.SubmitAsync(onss, Contrainte("ONSS-2026-COM-1"));

        var response = await PostAsync(operators, Path(id), Notice("Texte 90210 de la lettre."), HttpStatusCode.Created);
        var sent = await ReadAsync<CommunicationView>(response);
        Assert.Equal(CommunicationStatus.Sent, sent.Status);
        Assert.Equal(NoticeChannel.RegisteredLetterWithAcknowledgement, sent.Channel);
        Assert.Equal("operator", sent.Origin);
        Assert.Equal($"/operators/dossiers/{id}/communications/{sent.CommunicationId}", response.Headers.Location?.ToString());

        var file = await File.ReadAllTextAsync(LetterFile(id, sent.CommunicationId), Ct);
        Assert.Contains("Texte 90210 de la lettre.", file, StringComparison.Ordinal);
        Assert.Contains(Debtor.Default.Street, file, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(LetterFile(id, sent.CommunicationId)));
        }

        var listed = await operators.GetFromJsonAsync<List<CommunicationView>>(Path(id), Json, Ct);
        Assert.Equal(sent.CommunicationId, Assert.Single(listed!).CommunicationId);
        var forOnss = await onss.GetFromJsonAsync<List<CommunicationView>>($"/onss/dossiers/{id}/communications", Json, Ct);
        Assert.Equal(CommunicationStatus.Sent, Assert.Single(forOnss!).Status);

        // Neither the text nor the address is in the stored state, the journal or the timeline.
        await using var db = NpgsqlDataSource.Create(_s.Api.ConnectionString);
        foreach (var table in new[] { "orleans_grain_state", "journal", "timeline", "audit_log" })
        {
            await using var cmd = db.CreateCommand($"SELECT count(*) FROM {table} t WHERE t::text LIKE '%90210%' OR t::text LIKE '%Guillemins%'");
            Assert.Equal(0L, (long)(await cmd.ExecuteScalarAsync(Ct))!);
        }
        await using var audited = db.CreateCommand("SELECT count(*) FROM audit_log WHERE action IN ('dossier.communication.send', 'dossier.communications.list') AND dossier_id = @d");
        audited.Parameters.AddWithValue("d", id);
        Assert.Equal(3L, (long)(await audited.ExecuteScalarAsync(Ct))!);
    }

    [Fact]
    public async Task an_enterprise_is_written_to_in_the_ebox_folder_when_no_ebox_endpoint_is_configured()
    {
        var onss = await _s.OnssAsync();
        var operators = await _s.OperatorAsync();
        var title = Contrainte("ONSS-2026-COM-2") with
        {
            Debtor = new DebtorSubmission(P4Orleans.Law.PersonKind.Legal, "0123456749", "Exemple Construct SA", null,
                new PostalAddress("Boulevard d'Avroy", "3", null, "4000", "Liège", "BE")),
        };
        var id = await _s.SubmitAsync(onss, title);
        var sent = await ReadAsync<CommunicationView>(await PostAsync(operators, Path(id), Notice(), HttpStatusCode.Created));
        Assert.Equal(NoticeChannel.EBox, sent.Channel);
        var file = await File.ReadAllTextAsync(System.IO.Path.Combine(_s.Api.OutboxFolder, "ebox", $"{id}.{sent.CommunicationId}.json"), Ct);
        Assert.Contains("0123456749", file, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_failing_channel_is_retried_with_back_off_by_the_platform_clock_until_the_bound_then_retried_or_abandoned_by_an_operator()
    {
        var onss = await _s.OnssAsync();
        var operators = await _s.OperatorAsync();
        var id = await _s.SubmitAsync(onss, Contrainte("ONSS-2026-COM-3"));
        // The letters' folder cannot be created: a file stands in its way.
        Directory.CreateDirectory(_s.Api.OutboxFolder);
        var blocker = System.IO.Path.Combine(_s.Api.OutboxFolder, "letters");
        await File.WriteAllTextAsync(blocker, "in the way", Ct);

        var pending = await ReadAsync<CommunicationView>(await PostAsync(operators, Path(id), Notice(), HttpStatusCode.Created));
        Assert.Equal(CommunicationStatus.Pending, pending.Status);
        Assert.Equal(1, pending.Attempts);
        Assert.StartsWith("file-", pending.LastError, StringComparison.Ordinal);
        Assert.Equal(_s.Clock.GetUtcNow().AddMinutes(1), pending.NextAttemptAt);

        // Not yet due: nothing is attempted.
        _s.Clock.Advance(TimeSpan.FromSeconds(59));
        await _s.PollRemindersAsync();
        Assert.Equal(1, (await One(operators, id)).Attempts);

        // Due: the second attempt, then a wait twice as long.
        _s.Clock.Advance(TimeSpan.FromSeconds(1));
        await _s.PollRemindersAsync();
        var second = await One(operators, id);
        Assert.Equal(2, second.Attempts);
        Assert.Equal(_s.Clock.GetUtcNow().AddMinutes(2), second.NextAttemptAt);

        _s.Clock.Advance(TimeSpan.FromMinutes(2));
        await _s.PollRemindersAsync();
        var failed = await One(operators, id);
        Assert.Equal(CommunicationStatus.Failed, failed.Status);
        Assert.Equal(3, failed.Attempts);
        Assert.Null(failed.NextAttemptAt);

        // Nothing more happens by itself.
        _s.Clock.Advance(TimeSpan.FromHours(1));
        await _s.PollRemindersAsync();
        Assert.Equal(3, (await One(operators, id)).Attempts);

        // The way is cleared; an operator retries: sent at once.
        File.Delete(blocker);
        var retried = await ReadAsync<CommunicationView>(await PostAsync(operators, $"{Path(id)}/{failed.CommunicationId}/retry", null));
        Assert.Equal(CommunicationStatus.Sent, retried.Status);
        Assert.True(File.Exists(LetterFile(id, failed.CommunicationId)));
        var conflict = await PostAsync(operators, $"{Path(id)}/{failed.CommunicationId}/retry", null, HttpStatusCode.Conflict);
        Assert.Contains("communication-not-failed", await conflict.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        await PostAsync(operators, $"{Path(id)}/{failed.CommunicationId}/abandon", null, HttpStatusCode.Conflict);

        // A second one fails for good and is abandoned.
        await File.WriteAllTextAsync(System.IO.Path.Combine(_s.Api.OutboxFolder, "letters.tmp"), "", Ct);
        Directory.Delete(System.IO.Path.Combine(_s.Api.OutboxFolder, "letters"), recursive: true);
        await File.WriteAllTextAsync(blocker, "in the way", Ct);
        var other = await ReadAsync<CommunicationView>(await PostAsync(operators, Path(id), Notice(), HttpStatusCode.Created));
        var abandoned = await ReadAsync<CommunicationView>(await PostAsync(operators, $"{Path(id)}/{other.CommunicationId}/abandon", null));
        Assert.Equal(CommunicationStatus.Abandoned, abandoned.Status);
        _s.Clock.Advance(TimeSpan.FromMinutes(5));
        await _s.PollRemindersAsync();
        Assert.Equal(1, (await operators.GetFromJsonAsync<List<CommunicationView>>(Path(id), Json, Ct))!.Single(c => c.CommunicationId == other.CommunicationId).Attempts);
    }

    [Fact]
    public async Task an_acknowledgement_of_presentation_sets_the_formal_notice_wait_and_counts_once()
    {
        var onss = await _s.OnssAsync();
        var operators = await _s.OperatorAsync();
        var id = await _s.SubmitAsync(onss, Contrainte("ONSS-2026-COM-4"));
        var sent = await ReadAsync<CommunicationView>(await PostAsync(operators, Path(id), Notice(), HttpStatusCode.Created));
        var ackPath = $"{Path(id)}/{sent.CommunicationId}/acknowledgements";

        // Presented on Friday 6 March 2026: first day Saturday 7 March, + 1 month = 7 April, last day Monday 6 April,
        // Easter Monday: the wait ends on Tuesday 7 April.
        _s.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 9, 9, 0, 0, TimeSpan.Zero));
        var presented = new CommunicationAcknowledgement(AcknowledgementKind.Delivered, new DateTimeOffset(2026, 3, 6, 10, 0, 0, TimeSpan.Zero));
        var ack = await ReadAsync<CommunicationView>(await PostAsync(operators, ackPath, presented));
        Assert.Equal(CommunicationStatus.Delivered, ack.Status);
        Assert.Equal(new DateOnly(2026, 3, 7), ack.RunsFrom);
        var view = await ViewAsync(operators, $"/operators/dossiers/{id}");
        var wait = view.KeyDates.Single(k => k.Name == "formal-notice-wait");
        Assert.Equal(new DateOnly(2026, 4, 7), wait.Date);
        Assert.Contains("lundi de Pâques", wait.French, StringComparison.OrdinalIgnoreCase);

        // The same acknowledgement again (a redelivered callback) changes nothing.
        var again = await ReadAsync<CommunicationView>(await PostAsync(operators, ackPath, presented));
        Assert.Equal(ack, again);

        // A letter is not read; an acknowledgement before the sending or in the future is refused.
        await PostAsync(operators, ackPath, new CommunicationAcknowledgement(AcknowledgementKind.Read, _s.Clock.GetUtcNow()), HttpStatusCode.BadRequest);
        await PostAsync(operators, ackPath, new CommunicationAcknowledgement(AcknowledgementKind.Delivered, Start.AddDays(-1)), HttpStatusCode.BadRequest);
        await PostAsync(operators, ackPath, new CommunicationAcknowledgement(AcknowledgementKind.Delivered, _s.Clock.GetUtcNow().AddDays(1)), HttpStatusCode.BadRequest);
        await PostAsync(operators, $"{Path(id)}/C99/acknowledgements", presented, HttpStatusCode.NotFound);
        await PostAsync(operators, $"{Path("no-such-dossier")}/C1/acknowledgements", presented, HttpStatusCode.NotFound);

        // The wait's end is reached by the dossier's reminder.
        _s.Clock.SetUtcNow(wait.DueAt.AddMinutes(1));
        await _s.PollRemindersAsync();
        Assert.True((await ViewAsync(operators, $"/operators/dossiers/{id}")).KeyDates.Single(k => k.Name == "formal-notice-wait").Reached);
    }

    [Fact]
    public async Task bad_input_is_a_400_a_wrong_caller_a_403_and_an_unknown_dossier_a_404_and_none_writes_anything()
    {
        var onss = await _s.OnssAsync();
        var operators = await _s.OperatorAsync();
        var id = await _s.SubmitAsync(onss, Contrainte("ONSS-2026-COM-5"));
        await PostAsync(operators, Path(id), new CommunicationRequest(CommunicationKind.FormalNotice, "", "x"), HttpStatusCode.BadRequest);
        await PostAsync(operators, Path(id), new CommunicationRequest(CommunicationKind.FormalNotice, "Objet", ""), HttpStatusCode.BadRequest);
        await PostAsync(operators, Path(id), Notice(new string('x', InputLimits.MessageBodyLength + 1)), HttpStatusCode.BadRequest);
        await PostAsync(operators, Path(id), new { kind = "Postcard", subject = "Objet", body = "x" }, HttpStatusCode.BadRequest);
        await PostAsync(onss, Path(id), Notice(), HttpStatusCode.Forbidden);
        await PostAsync(operators, Path("no-such-dossier"), Notice(), HttpStatusCode.NotFound);
        var none = await operators.GetAsync(Path("no-such-dossier"), Ct);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Empty((await operators.GetFromJsonAsync<List<CommunicationView>>(Path(id), Json, Ct))!);
        Assert.False(Directory.Exists(System.IO.Path.Combine(_s.Api.OutboxFolder, "letters")));
    }

    [Fact]
    public async Task the_service_of_the_contrainte_queues_its_notice_which_the_reminder_sends()
    {
        var onss = await _s.OnssAsync();
        var operators = await _s.OperatorAsync();
        await _s.RegisterOfficeAsync(operators, "liege-com");
        var (id, office) = await _s.SubmitAndDispatchAsync(onss, operators, Contrainte("ONSS-2026-COM-6"));
        var bailiff = await _s.BailiffAsync(office);
        await PostAsync(bailiff, $"/bailiff/dossiers/{id}/acceptance", null);
        await PostAsync(bailiff, $"/bailiff/dossiers/{id}/service", new ServiceReport(_s.Today, ServiceMode.InPerson, null, "ACT-1"));
        // Its first attempt is made before the service's call returns.
        var queued = Assert.Single((await operators.GetFromJsonAsync<List<CommunicationView>>(Path(id), Json, Ct))!);
        Assert.Equal(CommunicationKind.ServiceNotification, queued.Kind);
        Assert.Equal("procedure", queued.Origin);
        Assert.Equal(CommunicationStatus.Sent, queued.Status);
        Assert.Contains("ONSS-2026-COM-6", await File.ReadAllTextAsync(LetterFile(id, queued.CommunicationId), Ct), StringComparison.Ordinal);
    }

    private static async Task<CommunicationView> One(HttpClient operators, string id) =>
        (await operators.GetFromJsonAsync<List<CommunicationView>>(Path(id), Json, Ct))!.First();
}
