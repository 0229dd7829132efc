using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using P4Orleans.Api.Dossiers;
using P4Orleans.Api.Law;
using P4Orleans.Api.Users;
using P4Orleans.Contracts;
using P4Orleans.Law;

namespace P4Orleans.Api.Hosting;

/// <summary>
/// A valid example of each request body, by the body's type, written as the contract's own record so that a renamed
/// or retyped field fails the build rather than the example, and serialized with the gateway's JSON options (camelCase,
/// enums by name). The identifiers are fictitious (a national number of a sequence no register uses, the bank's
/// published example IBAN). A bulk file's example is two NDJSON lines of titles; the binary documents (PDF, TIFF,
/// PNG, JPEG) have none. <c>OpenApi/OpenApiExampleTests</c> posts every example and expects no 400.
/// </summary>
public static class OpenApiExamples
{
    // A national number with valid check digits for a birth on 1985-07-30, sequence 033.
    private const string ExampleNiss = "85073003328";

    // Another valid number (1985-07-30, sequence 044): a bailiff of the roster, for the Chamber's examples.
    public const string ExampleRosterNiss = "85073004417";
    private const string ExampleIban = "BE68539007547034";
    private const string NdJson = "application/x-ndjson";
    private static readonly DateOnly Day = new(2026, 3, 2);

    // A self-signed client certificate of a fictitious system (2025-2045), for the shape of the field only: the
    // platform accepts certificates of the CAs it is configured to trust.
    private const string ExampleCertificate = """
        -----BEGIN CERTIFICATE-----
        MIIBhTCCASugAwIBAgIUSr0iU+ZAcI6l77ng40Jnl3fOlTUwCgYIKoZIzj0EAwIw
        NjElMCMGA1UEAwwcT05TUyBpbnRha2Ugc3lzdGVtIChleGFtcGxlKTENMAsGA1UE
        CgwET05TUzAeFw0yNTAxMDEwMDAwMDBaFw00NTEyMzEwMDAwMDBaMDYxJTAjBgNV
        BAMMHE9OU1MgaW50YWtlIHN5c3RlbSAoZXhhbXBsZSkxDTALBgNVBAoMBE9OU1Mw
        WTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAARNh78QCJdvDVjkR10H+wP7eLf+tfTI
        sCzrZCQ/V7xIzKwslBKkTUAk0hBPr82UDSaZCXcrZde3vSWdaBYkS5HwoxcwFTAT
        BgNVHSUEDDAKBggrBgEFBQcDAjAKBggqhkjOPQQDAgNIADBFAiEApcxl39RQuFgJ
        HIeL/i9QGpG81yAg0csCwkJ/kStauGYCICA/u2WMqhCTENb4c1WSIid+6//dEaNs
        Zy8ivGQ39j8x
        -----END CERTIFICATE-----
        """;

    private static readonly Dictionary<Type, object> ByType = new()
    {
        [typeof(NewUser)] = new NewUser(ExampleNiss, "Dupont Marie", OrganisationKind.Concessionaire, "concessionaire", [Security.Roles.Operator]),
        [typeof(UsersApi.StatusChange)] = new UsersApi.StatusChange(UserStatus.Suspended),
        [typeof(UsersApi.RolesChange)] = new UsersApi.RolesChange([Security.Roles.Operator]),
        [typeof(UsersApi.CertificateRegistration)] = new UsersApi.CertificateRegistration(ExampleCertificate, CertificateMatch.Thumbprint),
        [typeof(LawApi.CheckIdRequest)] = new LawApi.CheckIdRequest(ExampleIban, IdentifierKind.Iban),
        [typeof(TitleSubmission)] = Title("ONSS-2026-000123"),
        [typeof(PaymentReport)] = new PaymentReport(150_000, Day, PaymentSource.Onss, "ONSS-PAY-2026-0001"),
        [typeof(PaymentPlanTerms)] = new PaymentPlanTerms(Day, 6, 50_000, new DateOnly(2026, 4, 1)),
        [typeof(OnssApi.PlanEnd)] = new OnssApi.PlanEnd(PaymentPlanEnd.Defaulted, Day),
        [typeof(OnssApi.Justification)] = new OnssApi.Justification("The debtor's enterprise was declared bankrupt."),
        [typeof(BailiffApi.Refusal)] = new BailiffApi.Refusal(RefusalReason.ConflictOfInterest, "The debtor is a client of the office."),
        [typeof(ServiceReport)] = new ServiceReport(Day, ServiceMode.InPerson, "the debtor", "ACT-2026-0001"),
        [typeof(SeizureReport)] = new SeizureReport(SeizureKind.MovableGoods, SeizureNature.Conservatory, Day,
            [new SeizableAsset("passenger car", 450_000)], "ACT-2026-0002"),
        [typeof(OppositionReport)] = new OppositionReport(OppositionKind.Summons, Day, "Tribunal du travail de Liège"),
        [typeof(OperatorsApi.Assignment)] = new OperatorsApi.Assignment("office-liege-1", "The debtor's domicile is in the office's district."),
        [typeof(OperatorsApi.Reassignment)] = new OperatorsApi.Reassignment("office-liege-1", "The first office declared a conflict of interest."),
        [typeof(JudgmentReport)] = new JudgmentReport(JudgmentOutcome.Reduced, Day, 200_000),
        [typeof(BailiffRegistration)] = new BailiffRegistration("Étude Lambert", "CH-1042", "liege", 50, []),
        [typeof(OperatorsApi.Capacity)] = new OperatorsApi.Capacity(50),
        [typeof(OperatorsApi.OfficeStatus)] = new OperatorsApi.OfficeStatus(BailiffStatus.Active),
        [typeof(Finance.FinanceApi.ReceiptRequest)] = new Finance.FinanceApi.ReceiptRequest(1_250_000, Day, "BANK-2026-03-0042"),
        [typeof(Finance.ChamberPersonsApi.FunctionChange)] = new Finance.ChamberPersonsApi.FunctionChange(ExampleRosterNiss, UserRegistry.BailiffFunction.Clerk, "office-liege-1"),
        [typeof(Finance.ChamberPersonsApi.PersonDeparture)] = new Finance.ChamberPersonsApi.PersonDeparture(ExampleRosterNiss),
        [typeof(Compliance.NewCampaign)] = new Compliance.NewCampaign("Accesses of the first quarter", new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 31),
            null, 20, 50, 20260401),
        [typeof(Compliance.CampaignFindings)] = new Compliance.CampaignFindings("Two reads without a dossier assigned; explained by a reassignment.",
            "None needed.", Close: true),
        [typeof(Compliance.NewIncident)] = new Compliance.NewIncident(Day, Compliance.IncidentSeverity.Medium,
            "A bailiff office's token was used from an unknown network; the user was suspended.", Day),
        [typeof(Compliance.NewBackupTest)] = new Compliance.NewBackupTest(Compliance.BackupTestKind.Restore, Day, true,
            "Restored the nightly backup on the test host; the audit chain verified."),
        [typeof(Compliance.ReportStatement)] = new Compliance.ReportStatement("The year saw no major incident; the key ring was rotated in June."),
        [typeof(AmicableDisputeReport)] = new AmicableDisputeReport(DisputeGround.PaymentAlreadyMade, DisputeParty.Debtor, Day, "Paid by transfer on 2 January."),
        [typeof(Disputes.DisputesApi.DisputeAssignment)] = new Disputes.DisputesApi.DisputeAssignment(null),
        [typeof(AmicableDisputeDecision)] = new AmicableDisputeDecision(AmicableOutcome.AmountCorrected, Day, 250_000, "The surcharge was computed twice."),
        [typeof(JudicialDisputeReport)] = new JudicialDisputeReport(JudicialDisputeKind.AttachmentJudge, "Tribunal de première instance de Liège, juge des saisies",
            Day, [], new DateOnly(2026, 3, 16)),
        [typeof(HearingReport)] = new HearingReport(new DateOnly(2026, 3, 16)),
        [typeof(JudicialDisputeDecision)] = new JudicialDisputeDecision(JudicialOutcome.Rejected, Day),
        [typeof(CommunicationRequest)] = new CommunicationRequest(CommunicationKind.FormalNotice, "Mise en demeure — ONSS-2026-000123",
            "Madame, Monsieur, nous vous mettons en demeure de payer la somme de 3.250,00 EUR dans le mois."),
        [typeof(CommunicationAcknowledgement)] = new CommunicationAcknowledgement(AcknowledgementKind.Delivered, new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero)),
    };

    // Where one body type serves several audiences with different values (a payment reported by the bailiff).
    private static readonly Dictionary<string, object> ByOperation = new()
    {
        ["BailiffRecordPayment"] = new PaymentReport(150_000, Day, PaymentSource.Bailiff, "BAILIFF-PAY-2026-0001"),
    };

    /// <summary>The body types that have an example (the tests check every body operation has one).</summary>
    public static IReadOnlyCollection<Type> Types => ByType.Keys;

    /// <summary>Sets the example of each JSON content of the operation's body, when its type has one.</summary>
    public static void Add(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        if (operation.RequestBody?.Content is not { } content)
        {
            return;
        }

        var json = context.ApplicationServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        if (content.TryGetValue(NdJson, out var lines))
        {
            // A bulk file: one title a line, each line a title as the single submission takes it.
            lines.Example = JsonValue.Create(string.Join('\n', [
                JsonSerializer.Serialize(Title("ONSS-2026-000124"), json),
                JsonSerializer.Serialize(Title("ONSS-2026-000125"), json)]) + "\n");
        }

        var body = context.Description.ParameterDescriptions.FirstOrDefault(p => p.Source == BindingSource.Body)?.Type;
        if (body is null)
        {
            return;
        }

        var example = operation.OperationId is { } id && ByOperation.TryGetValue(id, out var specific) ? specific
            : ByType.TryGetValue(body, out var general) ? general
            : null;
        if (example is null)
        {
            return;
        }

        foreach (var media in content.Where(c => c.Key.Contains("json", StringComparison.OrdinalIgnoreCase) && c.Key != NdJson))
        {
            media.Value.Example = JsonSerializer.SerializeToNode(example, example.GetType(), json);
        }
    }

    private static TitleSubmission Title(string reference) => new(
        reference,
        TitleKind.Contrainte,
        IssueDate: new DateOnly(2026, 2, 20),
        SignatoryQuality: "administrateur général adjoint",
        FormalNoticeDate: new DateOnly(2026, 1, 12),
        FormalNoticeChannel: NoticeChannel.RegisteredLetter,
        Debtor: new DebtorSubmission(PersonKind.Natural, ExampleNiss, "Vandermeulen", "Jean",
            new PostalAddress("Rue des Guillemins", "12", null, "4000", "Liège", "BE"), ExampleIban),
        ThirdParties: null,
        Amounts: [new ClaimAmount(DebtComponent.Contributions, 300_000), new ClaimAmount(DebtComponent.LateInterest, 25_000)],
        ContributionQuarter: new ContributionQuarter(2025, 3));
}
