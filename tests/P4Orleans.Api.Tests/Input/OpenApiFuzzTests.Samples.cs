using System.Text.Json;
using System.Text.Json.Nodes;
using P4Orleans.Api.Security;
using P4Orleans.Contracts;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Input;

// A valid request of every operation: who calls it, its query, its JSON body. A new operation needs a line here.
public sealed partial class OpenApiFuzzTests
{
    private sealed record Sample(string Role, Dictionary<string, string> Query, Func<OpenApiFuzzTests, JsonNode?>? Body = null);

    private static JsonNode Node(object value) => JsonSerializer.SerializeToNode(value, value.GetType(), Json)!;

    private static Sample Get(string role, Dictionary<string, string>? query = null) => new(role, query ?? []);

    private static Sample With(string role, object body, Dictionary<string, string>? query = null) => new(role, query ?? [], _ => Node(body));

    /// <summary>A client certificate valid now (self-signed: registration reads it; only sign-in checks its CA).</summary>
    private static string SampleCertificatePem()
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=fuzz-system, O=ONSS", key,
            System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return certificate.ExportCertificatePem();
    }

    private static readonly Dictionary<string, string> Page = new() { ["status"] = "Assigned", ["after"] = "a", ["limit"] = "10" };

    private static readonly Dictionary<string, Sample> Samples = new()
    {
        ["Live"] = Get(""),
        ["Ready"] = Get(""),
        ["RegisterUser"] = With(Roles.UserRegistrar, new { nationalNumber = Niss(901), name = "Fuzz", organisationKind = "Concessionaire", organisationId = "c", roles = new[] { "Operator" } }),
        ["ListUsers"] = Get(Roles.UserRegistrar, new() { ["organisationKind"] = "Onss", ["organisationId"] = "onss" }),
        ["GetUser"] = Get(Roles.UserRegistrar),
        ["GetUserNationalNumber"] = Get(Roles.UserRegistrar),
        ["SetUserStatus"] = With(Roles.UserRegistrar, new { status = "Active" }),
        ["SetUserRoles"] = With(Roles.UserRegistrar, new { roles = new[] { "Operator" } }),
        ["AddUserCertificate"] = With(Roles.UserRegistrar, new { certificate = SampleCertificatePem(), match = "Thumbprint" }),
        ["Me"] = Get(Roles.Operator),
        ["ReadAuditLog"] = Get(Roles.SecurityCoordinator, new() { ["action"] = "dossier.read", ["afterSeq"] = "1", ["limit"] = "5", ["from"] = "2026-01-01T00:00:00Z" }),
        ["VerifyAuditLog"] = Get(Roles.SecurityCoordinator),
        ["ListNodes"] = Get(Roles.Ops),
        ["OpsHealth"] = Get(Roles.Ops),
        ["LawDeadline"] = Get(Roles.Operator, new() { ["window"] = "Opposition", ["event"] = "Service", ["date"] = "2025-06-30", ["residence"] = "BE" }),
        ["LawTariff"] = Get(Roles.Operator, new() { ["act"] = "ServiceOfContrainte", ["claimCents"] = "200001", ["date"] = "2025-01-10" }),
        ["LawArrondissement"] = Get(Roles.Operator, new() { ["postalCode"] = "4000", ["country"] = "BE", ["person"] = "Natural" }),
        ["LawSeizable"] = Get(Roles.Operator, new() { ["incomeCents"] = "200000", ["children"] = "1", ["date"] = "2026-03-01", ["type"] = "Work" }),
        ["LawCheckId"] = With(Roles.Operator, new { value = "BE68539007547034", kind = "Iban" }),
        ["SubmitTitle"] = With(Roles.OnssAgent, Contrainte("ONSS-FUZZ-2", new Dossiers.Debtor("Fuzz", "Jean", Niss(902), "Rue", "1", "4000", "Liège", "BE68539007547034"))),
        ["SubmitTitlesInBulk"] = Get(Roles.OnssAgent),
        ["GetIntakeJob"] = Get(Roles.OnssAgent),
        ["GetIntakeJobLines"] = Get(Roles.OnssAgent, new() { ["after"] = "0", ["limit"] = "10", ["outcome"] = "Rejected" }),
        ["OnssListDossiers"] = Get(Roles.OnssAgent, Page),
        ["OnssChanges"] = Get(Roles.OnssAgent, new() { ["limit"] = "10" }),
        // Open periods only: a closed one's first read stores its snapshot, and the fuzz checks that nothing is written.
        ["OnssReport"] = Get(Roles.OnssAgent, new() { ["format"] = "csv" }),
        ["OnssReportRange"] = Get(Roles.OnssAgent, new() { ["from"] = "2099-01-01", ["to"] = "2099-01-31", ["format"] = "csv" }),
        ["OnssGetDossier"] = Get(Roles.OnssAgent),
        ["OnssAttachTitle"] = Get(Roles.OnssAgent, new() { ["kind"] = "ScannedTitle" }),
        ["OnssRecordPayment"] = With(Roles.OnssAgent, new PaymentReport(1000, new DateOnly(2026, 3, 1), PaymentSource.Onss, "PAY-1")),
        ["OnssGrantPaymentPlan"] = With(Roles.OnssAgent, new PaymentPlanTerms(new DateOnly(2026, 3, 1), 3, 1000, new DateOnly(2026, 4, 1))),
        ["OnssEndPaymentPlan"] = With(Roles.OnssAgent, new { reason = "Defaulted", date = "2026-03-01" }),
        ["OnssDeclareIrrecoverable"] = With(Roles.OnssAgent, new { reason = "insolvent" }),
        ["OnssWithdraw"] = With(Roles.OnssAgent, new { reason = "error" }),
        ["BailiffListDossiers"] = Get(Roles.Bailiff, Page),
        ["BailiffGetDossier"] = Get(Roles.Bailiff),
        ["BailiffDownloadDocument"] = Get(Roles.Bailiff),
        ["BailiffAccept"] = Get(Roles.Bailiff),
        ["BailiffRefuse"] = With(Roles.Bailiff, new { reason = "ConflictOfInterest", note = "n" }),
        ["BailiffReportService"] = With(Roles.Bailiff, new ServiceReport(new DateOnly(2026, 3, 1), ServiceMode.InPerson, "someone", "ACT-1")),
        ["BailiffReportSeizure"] = With(Roles.Bailiff, new SeizureReport(SeizureKind.MovableGoods, SeizureNature.Conservatory, new DateOnly(2026, 3, 1),
            [new SeizableAsset("car", 100_000)], "ACT-2")),
        ["BailiffRecordPayment"] = With(Roles.Bailiff, new PaymentReport(1000, new DateOnly(2026, 3, 1), PaymentSource.Bailiff, "PAY-2")),
        ["BailiffReportOpposition"] = With(Roles.Bailiff, new OppositionReport(OppositionKind.Summons, new DateOnly(2026, 3, 1), "Tribunal du travail de Liège")),
        ["BailiffCloseIntervention"] = Get(Roles.Bailiff),
        ["BailiffAttachDocument"] = Get(Roles.Bailiff, new() { ["kind"] = "ServiceWrit" }),
        ["ManualDecisionQueue"] = Get(Roles.Operator, new() { ["after"] = "a", ["limit"] = "10" }),
        ["OperatorsListDossiers"] = Get(Roles.Operator, Page),
        ["OperatorsGetDossier"] = Get(Roles.Operator),
        ["OperatorsAssign"] = With(Roles.Operator, new { officeId = "office-fuzz", reason = "by hand" }),
        ["OperatorsReassign"] = With(Roles.Operator, new { officeId = "office-fuzz", reason = "by hand" }),
        ["OperatorsRecordJudgment"] = With(Roles.Operator, new JudgmentReport(JudgmentOutcome.Reduced, new DateOnly(2026, 3, 1), 1000)),
        ["WakeDispatcher"] = Get(Roles.Operator),
        ["ListBailiffOffices"] = Get(Roles.Operator),
        ["GetBailiffOffice"] = Get(Roles.Operator),
        ["RegisterBailiffOffice"] = With(Roles.Operator, new BailiffRegistration("Étude", "CH-9", Liege, 10, ["u1"])),
        ["SetBailiffCapacity"] = With(Roles.Operator, new { value = 10 }),
        ["SetBailiffStatus"] = With(Roles.Operator, new { status = "Active" }),
        ["ChamberRegisterOffice"] = With(Roles.ChamberFeed, new BailiffRegistration("Étude", "CH-9", Liege, 10, ["u1"])),
        ["ChamberOfficeDeparture"] = Get(Roles.ChamberFeed),
        ["ChamberFunctionChange"] = With(Roles.ChamberFeed, new { nationalNumber = Niss(905), function = "Clerk", officeId = "office-fuzz" }),
        ["ChamberPersonDeparture"] = With(Roles.ChamberFeed, new { nationalNumber = Niss(906) }),
        ["BailiffRemittanceStatement"] = Get(Roles.Bailiff),
        ["OperatorsListReconciliations"] = Get(Roles.Operator, new() { ["period"] = "2026-02", ["flagged"] = "true" }),
        ["OperatorsRemittanceStatement"] = Get(Roles.Operator),
        ["OperatorsReconciliation"] = Get(Roles.Operator),
        ["OperatorsRecordRemittance"] = With(Roles.Operator, new { amountCents = 1_000, receivedOn = "2026-03-01", reference = "FZ-1" }),
        ["OperatorsOfficePerformance"] = Get(Roles.Operator, new() { ["from"] = "2026-01" }),
        ["AccessAnomalyReport"] = Get(Roles.SecurityCoordinator, new() { ["from"] = "2026-03-01", ["to"] = "2026-03-02" }),
        ["BailiffInfractionReport"] = Get(Roles.SecurityCoordinator, new() { ["from"] = "2026-03-01", ["to"] = "2026-03-02", ["officeId"] = "office-fuzz" }),
        ["RetentionReport"] = Get(Roles.SecurityCoordinator),
        ["YearlySecurityReport"] = Get(Roles.SecurityCoordinator),
        ["SetYearlyReportStatement"] = With(Roles.SecurityCoordinator, new { statement = "s" }),
        ["FinaliseYearlyReport"] = Get(Roles.SecurityCoordinator),
        ["OpenAuditCampaign"] = With(Roles.SecurityCoordinator, new { title = "t", from = "2026-03-01", to = "2026-03-02", officeId = "o", dossiers = 1, accesses = 1, seed = 1 }),
        ["ListAuditCampaigns"] = Get(Roles.SecurityCoordinator),
        ["GetAuditCampaign"] = Get(Roles.SecurityCoordinator),
        ["UpdateAuditCampaign"] = With(Roles.SecurityCoordinator, new { findings = "f", followUp = "u", close = false }),
        ["RecordSecurityIncident"] = With(Roles.SecurityCoordinator, new { occurredOn = "2026-03-01", severity = "Low", summary = "s", resolvedOn = "2026-03-02" }),
        ["ListSecurityIncidents"] = Get(Roles.SecurityCoordinator, new() { ["year"] = "2026" }),
        ["RecordBackupTest"] = With(Roles.SecurityCoordinator, new { kind = "Restore", performedOn = "2026-03-01", succeeded = true, notes = "n" }),
        ["ListBackupTests"] = Get(Roles.SecurityCoordinator, new() { ["year"] = "2026" }),
        ["ListRecertifications"] = Get(Roles.UserRegistrar, new() { ["dueBefore"] = "2026-03-01T00:00:00Z" }),
        ["RecertifyUser"] = Get(Roles.UserRegistrar),
        ["OnssRaiseDispute"] = With(Roles.OnssAgent, new AmicableDisputeReport(DisputeGround.Identity, DisputeParty.Debtor, new DateOnly(2026, 3, 1), "note")),
        ["OnssResumeAfterDispute"] = Get(Roles.OnssAgent),
        ["BailiffRaiseDispute"] = With(Roles.Bailiff, new AmicableDisputeReport(DisputeGround.Procedure, DisputeParty.ThirdParty, new DateOnly(2026, 3, 1), "note")),
        ["OperatorsAssignDispute"] = With(Roles.Operator, new { operatorId = (Guid?)null }),
        ["OperatorsDecideDispute"] = With(Roles.Operator, new AmicableDisputeDecision(AmicableOutcome.AmountCorrected, new DateOnly(2026, 3, 1), 1000, "note")),
        ["OperatorsRecordJudicialDispute"] = With(Roles.Operator,
            new JudicialDisputeReport(JudicialDisputeKind.ThirdPartyClaim, "Juge des saisies de Liège", new DateOnly(2026, 3, 1), ["S1"], new DateOnly(2026, 3, 16))),
        ["OperatorsRecordHearing"] = With(Roles.Operator, new HearingReport(new DateOnly(2026, 3, 16))),
        ["OperatorsDecideJudicialDispute"] = With(Roles.Operator, new JudicialDisputeDecision(JudicialOutcome.Granted, new DateOnly(2026, 3, 1), JudgmentOutcome.Reduced, 1000)),
        ["OperatorsListCommunications"] = Get(Roles.Operator),
        ["OnssListCommunications"] = Get(Roles.OnssAgent),
        ["OperatorsSendCommunication"] = With(Roles.Operator, new CommunicationRequest(CommunicationKind.FormalNotice, "Mise en demeure", "Texte.")),
        ["OperatorsAcknowledgeCommunication"] = With(Roles.Operator, new CommunicationAcknowledgement(AcknowledgementKind.Delivered, new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero))),
        ["OperatorsRetryCommunication"] = Get(Roles.Operator),
        ["OperatorsAbandonCommunication"] = Get(Roles.Operator),
    };
}
