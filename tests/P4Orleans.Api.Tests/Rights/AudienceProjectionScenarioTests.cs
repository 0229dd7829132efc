using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using P4Orleans.Api.Dossiers;
using P4Orleans.Api.Tests.Dossiers;
using P4Orleans.Contracts;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Rights;

/// <summary>Minimisation of the dossier views: each audience reads its projection (api/README.md, Minimisation).</summary>
public sealed class AudienceProjectionScenarioTests : IAsyncLifetime
{
    private const string Alpha = "liege-alpha";
    private const string Beta = "liege-beta";
    private const string RefusalNote = "Le débiteur est le beau-frère du clerc Dupuis";

    private static readonly byte[] Pdf = [.. "%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <<>>\n%%EOF\n"u8];

    private static readonly DossierCommand[] OfficeCommands =
    [
        DossierCommand.Accept, DossierCommand.Refuse, DossierCommand.ReportService, DossierCommand.ReportSeizure, DossierCommand.ReportOpposition,
        DossierCommand.AttachDocument, DossierCommand.RecordPayment, DossierCommand.CloseIntervention, DossierCommand.RaiseDispute,
    ];

    private readonly Scenario _s = new();

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    [Fact]
    public async Task a_dossier_refused_by_office_a_then_assigned_to_office_b_names_neither_a_nor_its_refusal_note_in_bs_view()
    {
        var onss = await _s.OnssAsync();
        var operators = await _s.OperatorAsync();
        await _s.RegisterOfficeAsync(operators, Alpha);
        await _s.RegisterOfficeAsync(operators, Beta);
        var (id, first) = await _s.SubmitAndDispatchAsync(onss, operators, Contrainte("ONSS-2026-MINIM-1"));
        Assert.Equal(Alpha, first);
        await PostAsync(await _s.BailiffAsync(Alpha), $"/bailiff/dossiers/{id}/refusal",
            new BailiffApi.Refusal(RefusalReason.ConflictOfInterest, RefusalNote), HttpStatusCode.NoContent);
        Assert.Equal(1, (await _s.DispatchAsync()).Assigned);
        var beta = await _s.BailiffAsync(Beta);

        // Every answer of /bailiff that carries the dossier: the detail, the list, and a command's answer.
        var answers = new[]
        {
            await beta.GetStringAsync($"/bailiff/dossiers/{id}", Ct),
            await beta.GetStringAsync("/bailiff/dossiers", Ct),
            await (await PostAsync(beta, $"/bailiff/dossiers/{id}/acceptance", null)).Content.ReadAsStringAsync(Ct),
        };
        foreach (var text in answers)
        {
            foreach (var hidden in new[] { Alpha, RefusalNote, nameof(RefusalReason.ConflictOfInterest), "excludedOfficeIds", "escalations", "notes", "dispatchExplanation", "lowest ratio" })
            {
                Assert.DoesNotContain(hidden, text, StringComparison.OrdinalIgnoreCase);
            }
        }

        var view = await ReadAsync<BailiffDossierView>(await beta.GetAsync($"/bailiff/dossiers/{id}", Ct));
        Assert.Equal(Beta, view.AssignedOfficeId);
        Assert.NotNull(view.AssignedAt);
        Assert.NotNull(view.AcceptedAt);
        Assert.Equal(Debtor.Default.Name, view.Debtor!.Name);
        Assert.Contains(view.Timeline, t => t.Detail == $"assigned to office {Beta}");
        Assert.Contains(view.Timeline, t => t.Kind == JournalKinds.Submitted);
        Assert.Contains(view.KeyDates, k => k.Name == DossierReminders.ServiceDeadline && !k.Reached && k.French.Length > 0);
        Assert.Contains(view.KeyDates, k => k.Name == DossierReminders.Prescription && k.Dutch.Length > 0);
        Assert.Single(view.Timeline, t => t.Kind == nameof(DossierCommand.Accept));
        Assert.All(view.AllowedCommands, c => Assert.Contains(c, OfficeCommands));
        Assert.Contains(DossierCommand.ReportService, view.AllowedCommands);

        // ONSS: which office held its dossier and that it went back to dispatch, not why nor the office's note.
        var onssText = await onss.GetStringAsync($"/onss/dossiers/{id}", Ct);
        Assert.Contains($"refused by office {Alpha}; back to dispatch", onssText, StringComparison.Ordinal);
        foreach (var hidden in new[] { RefusalNote, nameof(RefusalReason.ConflictOfInterest), "excludedOfficeIds" })
        {
            Assert.DoesNotContain(hidden, onssText, StringComparison.OrdinalIgnoreCase);
        }
        var onssView = await ReadAsync<OnssDossierView>(await onss.GetAsync($"/onss/dossiers/{id}", Ct));
        Assert.Equal(Beta, onssView.AssignedOfficeId);
        Assert.Empty(onssView.Notes);

        // The Operators' view is the whole dossier, as before.
        var full = await ViewAsync(operators, $"/operators/dossiers/{id}");
        Assert.Equal([Alpha], full.ExcludedOfficeIds);
        Assert.Contains(full.Notes, n => n.Kind == "refusal" && n.Text == RefusalNote);
        Assert.Contains(full.Timeline, t => t.Detail.Contains(nameof(RefusalReason.ConflictOfInterest), StringComparison.Ordinal));
        Assert.Contains($"office {Beta}", full.DispatchExplanation, StringComparison.Ordinal);
        Assert.Contains(DossierCommand.Reassign, full.AllowedCommands);
    }

    [Fact]
    public async Task an_office_taking_over_a_served_dossier_sees_the_acts_facts_but_not_the_earlier_office_its_references_documents_or_the_operators_note()
    {
        var onss = await _s.OnssAsync();
        var operators = await _s.OperatorAsync();
        await _s.RegisterOfficeAsync(operators, Alpha);
        var (id, _) = await _s.SubmitAndDispatchAsync(onss, operators, Contrainte("ONSS-2026-MINIM-2"));
        var alpha = await _s.BailiffAsync(Alpha);
        await PostAsync(alpha, $"/bailiff/dossiers/{id}/acceptance", null);
        var writ = new ByteArrayContent(Pdf);
        writ.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        var upload = await ReadAsync<DocumentUpload>(await alpha.PostAsync($"/bailiff/dossiers/{id}/documents?kind=ServiceWrit", writ, Ct));
        await PostAsync(alpha, $"/bailiff/dossiers/{id}/service", new ServiceReport(_s.Today, ServiceMode.AtDomicile, "Marc Témoinvoisin", "ACT-ALPHA-77"));
        await PostAsync(alpha, $"/bailiff/dossiers/{id}/seizures",
            new SeizureReport(SeizureKind.MovableGoods, SeizureNature.Conservatory, _s.Today, [new SeizableAsset("Piano droit", 150_000)], "ACT-ALPHA-78"));
        await _s.RegisterOfficeAsync(operators, Beta);
        await PostAsync(operators, $"/operators/dossiers/{id}/reassignment", new OperatorsApi.Reassignment(Beta, "Note interne: plainte contre l'étude"));
        var betaUser = await _s.Api.UserAsync(P4Orleans.Api.Security.Roles.BailiffClerk, P4Orleans.Api.Users.OrganisationKind.BailiffOffice, Beta);
        var beta = _s.Api.ClientFor(betaUser);

        var accepted = await ReadAsync<BailiffDossierView>(await PostAsync(beta, $"/bailiff/dossiers/{id}/acceptance", null));
        Assert.Equal(DossierStatus.Served, accepted.Status);
        var text = await beta.GetStringAsync($"/bailiff/dossiers/{id}", Ct);
        foreach (var hidden in new[] { Alpha, "ACT-ALPHA", "Marc Témoinvoisin", "Note interne", upload.DocumentId, "excludedOfficeIds", "notes" })
        {
            Assert.DoesNotContain(hidden, text, StringComparison.OrdinalIgnoreCase);
        }
        var view = await ReadAsync<BailiffDossierView>(await beta.GetAsync($"/bailiff/dossiers/{id}", Ct));
        var service = view.Service!;
        Assert.Equal((_s.Today, ServiceMode.AtDomicile, false), (service.Date, service.Mode, service.ByThisOffice));
        Assert.Null(service.PersonMet);
        var seizure = Assert.Single(view.Seizures);
        Assert.False(seizure.ByThisOffice);
        Assert.Equal("Piano droit", Assert.Single(seizure.Assets!).Description);
        Assert.Contains(view.KeyDates, k => k.Name == DossierReminders.Executable && k.French.Length > 0);
        Assert.DoesNotContain(view.Documents, d => d.DocumentId == upload.DocumentId);
        var full = await ViewAsync(operators, $"/operators/dossiers/{id}");
        Assert.Equal(full.Amounts.BalanceCents, view.Amounts.BalanceCents);
        Assert.Equal(full.Amounts.Entries.Count, view.Amounts.Entries.Count);

        // The earlier office's writ cannot be downloaded either: a 404 like a missing document, audited for what it is.
        var download = await beta.GetAsync($"/bailiff/dossiers/{id}/documents/{upload.DocumentId}", Ct);
        await ExpectAsync(download, HttpStatusCode.NotFound);
        var audit = await (await _s.AuditorAsync()).GetFromJsonAsync<JsonElement>(
            $"/security/audit?limit=100&userId={betaUser.Id}&action=dossier.download-document", Json, Ct);
        Assert.Equal("refused:document-of-another-office:404",
            Assert.Single(audit.GetProperty("entries").EnumerateArray()).GetProperty("entry").GetProperty("outcome").GetString());

        // ONSS reads the acts in full (they are its dossier's), not the Operators' note.
        var onssView = await ReadAsync<OnssDossierView>(await onss.GetAsync($"/onss/dossiers/{id}", Ct));
        Assert.Equal("Marc Témoinvoisin", onssView.Service!.PersonMet);
        Assert.Equal(Alpha, onssView.Service.OfficeId);
        Assert.Contains(onssView.Documents, d => d.DocumentId == upload.DocumentId);
        Assert.Empty(onssView.Notes);
        Assert.Contains(full.Notes, n => n.Kind == "reassignment");
    }

    [Fact]
    public async Task onss_keeps_the_claims_escalations_and_its_own_commands_but_not_an_offices_missed_service_deadline()
    {
        var onss = await _s.OnssAsync();
        var operators = await _s.OperatorAsync();
        await _s.RegisterOfficeAsync(operators, Alpha);
        var (id, _) = await _s.SubmitAndDispatchAsync(onss, operators, Contrainte("ONSS-2026-MINIM-3"));
        await PostAsync(await _s.BailiffAsync(Alpha), $"/bailiff/dossiers/{id}/acceptance", null);
        var deadline = (await ViewAsync(operators, $"/operators/dossiers/{id}")).KeyDates.Single(k => k.Name == DossierReminders.ServiceDeadline);
        _s.Clock.SetUtcNow(deadline.DueAt.AddMinutes(5));
        Assert.True(await _s.PollRemindersAsync() >= 1);
        Assert.Contains((await ViewAsync(operators, $"/operators/dossiers/{id}")).Escalations, e => e.Kind == EscalationKind.ServiceDeadlineMissed);

        var before = await ReadAsync<OnssDossierView>(await onss.GetAsync($"/onss/dossiers/{id}", Ct));
        Assert.Empty(before.Escalations);
        Assert.DoesNotContain(before.Timeline, t => t.Kind == JournalKinds.Escalated);
        Assert.DoesNotContain(before.AllowedCommands, c => c is DossierCommand.Reassign or DossierCommand.RecordJudgment or DossierCommand.ReportService);
        Assert.Contains(DossierCommand.Withdraw, before.AllowedCommands);

        var paid = await ReadAsync<OnssDossierView>(await PostAsync(onss, $"/onss/dossiers/{id}/payments",
            new PaymentReport(400_000, _s.Today, PaymentSource.Onss, "P-OVER")));
        Assert.Equal(EscalationKind.OverpaymentRefundDue, Assert.Single(paid.Escalations).Kind);
        Assert.Equal(2, (await ViewAsync(operators, $"/operators/dossiers/{id}")).Escalations.Count);
    }
}
