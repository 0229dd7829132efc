using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using P4Orleans.Api.Dossiers;
using P4Orleans.Contracts;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Dossiers;

public sealed class ContrainteToPurgeTests : IAsyncLifetime
{
    private readonly Scenario _s = new();

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    [Fact]
    public async Task a_contrainte_goes_from_intake_to_purge_and_leaves_no_personal_data_anywhere_in_the_database()
    {
        var debtor = new Debtor("Vanderschrick", "Amélie", Niss(417), "Rue des Guillemins", "12", "4000", "Liège", "BE68539007547034");
        var title = Contrainte("ONSS-2026-PURGE-1", debtor);
        var onss = await _s.OnssAsync();
        var operators = await _s.OperatorAsync();

        // Intake, then the same title again: the existing dossier.
        var created = await onss.PostAsJsonAsync("/onss/dossiers", title, Json, Ct);
        await ExpectAsync(created, HttpStatusCode.Created);
        var outcome = await ReadAsync<SubmissionOutcome>(created);
        Assert.Equal($"/onss/dossiers/{outcome.DossierId}", created.Headers.Location?.OriginalString);
        Assert.Equal(DossierStatus.AwaitingDispatch, outcome.Status);
        var again = await onss.PostAsJsonAsync("/onss/dossiers", title, Json, Ct);
        await ExpectAsync(again, HttpStatusCode.OK);
        var duplicate = await ReadAsync<SubmissionOutcome>(again);
        Assert.True(duplicate.Duplicate);
        Assert.Equal(outcome.DossierId, duplicate.DossierId);
        var id = outcome.DossierId;

        // Two offices in Liège, one in Namur; the batch dispatcher chooses in Liège and says why.
        await _s.RegisterOfficeAsync(operators, "liege-a", capacity: 20);
        await _s.RegisterOfficeAsync(operators, "liege-b", capacity: 10);
        await _s.RegisterOfficeAsync(operators, "namur-a", "namur", capacity: 100);
        Assert.Equal(1, (await _s.DispatchAsync()).Assigned);
        var assigned = await ViewAsync(onss, $"/onss/dossiers/{id}");
        Assert.Equal(DossierStatus.Assigned, assigned.Status);
        Assert.Equal(Liege, assigned.ArrondissementId);
        var office = assigned.AssignedOfficeId!;
        Assert.StartsWith("liege-", office, StringComparison.Ordinal);
        Assert.Contains($"office {office}", assigned.DispatchExplanation, StringComparison.Ordinal);
        Assert.Contains("Liège", assigned.DispatchExplanation, StringComparison.Ordinal);
        Assert.Contains(assigned.KeyDates, k => k.Name == DossierReminders.AcceptanceDeadline && k.French.Length > 0);

        // The office's bailiff lists, accepts, attaches the writ and reports the service.
        var bailiff = await _s.BailiffAsync(office);
        var page = await bailiff.GetFromJsonAsync<DossierPage>("/bailiff/dossiers", Json, Ct);
        var listed = Assert.Single(page!.Items);
        Assert.Equal(id, listed.DossierId);
        Assert.Equal(nameof(DossierStatus.Assigned), listed.Status);
        await PostAsync(bailiff, $"/bailiff/dossiers/{id}/acceptance", null);
        var writ = new ByteArrayContent([.. "%PDF-1.7\n1 0 obj <<>> endobj\n"u8, .. System.Text.Encoding.UTF8.GetBytes(debtor.Name), .. "\n%%EOF\n"u8]);
        writ.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        await ExpectAsync(await bailiff.PostAsync($"/bailiff/dossiers/{id}/documents?kind=ServiceWrit", writ, Ct), HttpStatusCode.OK);
        var served = await ReadAsync<BailiffDossierView>(await PostAsync(bailiff, $"/bailiff/dossiers/{id}/service",
            new ServiceReport(_s.Today, ServiceMode.AtDomicile, "Marc Vanderschrick", "ACT-2026-77")));
        Assert.Equal(DossierStatus.Served, served.Status);
        var executable = Assert.Single(served.KeyDates, k => k.Name == DossierReminders.Executable);
        var opposition = Assert.Single(served.KeyDates, k => k.Name == DossierReminders.OppositionWindowEnd);
        Assert.True(executable.Date > _s.Today);
        Assert.True(opposition.Date >= _s.Today.AddMonths(1));
        Assert.All(new[] { executable, opposition }, k =>
        {
            Assert.NotEmpty(k.RuleId);
            Assert.NotEmpty(k.French);
            Assert.NotEmpty(k.Dutch);
        });
        Assert.True(served.Amounts.BalanceCents > 325_000, "the service and file fee are charged to the debtor");

        // The command to pay expires: the reminder makes the title executable.
        _s.Clock.SetUtcNow(executable.DueAt.AddMinutes(1));
        Assert.True(await _s.PollRemindersAsync() >= 1);
        Assert.Equal(DossierStatus.Executable, (await ViewAsync(onss, $"/onss/dossiers/{id}")).Status);

        // A partial payment does not stop anything; the rest clears the balance.
        var afterPartial = await ReadAsync<DossierView>(await PostAsync(onss, $"/onss/dossiers/{id}/payments",
            new PaymentReport(100_000, _s.Today, PaymentSource.Onss, "PAY-1")));
        Assert.Equal(DossierStatus.Executable, afterPartial.Status);
        var paid = await ReadAsync<BailiffDossierView>(await PostAsync(bailiff, $"/bailiff/dossiers/{id}/payments",
            new PaymentReport(afterPartial.Amounts.BalanceCents, _s.Today, PaymentSource.Bailiff, "REC-2")));
        Assert.Equal(DossierStatus.Paid, paid.Status);
        Assert.Equal(0, paid.Amounts.BalanceCents);
        var closed = await ReadAsync<BailiffDossierView>(await PostAsync(bailiff, $"/bailiff/dossiers/{id}/intervention-closure", null));
        Assert.False(closed.InterventionOpen);
        var retention = Assert.Single(closed.KeyDates, k => k.Name == DossierReminders.RetentionExpiry);
        Assert.Equal(_s.Today.AddDays(30), retention.Date);

        // Nothing happens before the grace period ends; then the personal data goes.
        _s.Clock.SetUtcNow(retention.DueAt.AddDays(-1));
        await _s.PollRemindersAsync();
        Assert.Equal(DossierStatus.Paid, (await ViewAsync(onss, $"/onss/dossiers/{id}")).Status);
        _s.Clock.SetUtcNow(retention.DueAt.AddMinutes(1));
        Assert.True(await _s.PollRemindersAsync() >= 1);
        await _s.PollMessagesAsync();
        var purged = await ViewAsync(onss, $"/onss/dossiers/{id}");
        Assert.Equal(DossierStatus.Purged, purged.Status);
        Assert.True(purged.PersonalDataPurged);
        Assert.Null(purged.Debtor);
        Assert.Empty(purged.ThirdParties);
        Assert.Null(purged.Service!.PersonMet);
        Assert.All(purged.Documents, d => Assert.True(d.Purged));
        Assert.Equal(paid.Amounts.ChargedCents, purged.Amounts.ChargedCents);
        Assert.Equal(paid.Amounts.PaidCents, purged.Amounts.PaidCents);
        Assert.Equal(Liege, purged.ArrondissementId);
        var document = Assert.Single(purged.Documents);
        var download = await bailiff.GetAsync($"/bailiff/dossiers/{id}/documents/{document.DocumentId}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, download.StatusCode);

        // The whole database: no name, national number, street or IBAN; the figures and the reference remain.
        var formattedNiss = $"{debtor.Niss[..2]}.{debtor.Niss[2..4]}.{debtor.Niss[4..6]}-{debtor.Niss[6..9]}.{debtor.Niss[9..]}";
        var formattedIban = string.Join(' ', debtor.Iban.Chunk(4).Select(c => new string(c)));
        string[] personal = [debtor.Name, debtor.Niss, formattedNiss, debtor.Street, debtor.Iban, formattedIban, "Marc Vanderschrick"];
        Assert.Empty(await DatabaseScan.FindAsync(_s.Api.ConnectionString, personal, Ct));
        var kept = await DatabaseScan.FindAsync(_s.Api.ConnectionString, [title.Reference, "\"Purged\"", Liege], Ct);
        Assert.Contains(kept, k => k.StartsWith($"'{title.Reference}' in ", StringComparison.Ordinal));
        Assert.Contains(kept, k => k.StartsWith("'\"Purged\"' in orleans_grain_state", StringComparison.Ordinal));
        Assert.Contains(kept, k => k.StartsWith($"'{Liege}' in orleans_grain_state", StringComparison.Ordinal));
    }
}
