using P4Orleans.Contracts;
using P4Orleans.Law;

namespace P4Orleans.Domain;

/// <summary>
/// The dates of the dossier's disputes, each with its explanation in French and Dutch. Pure, like
/// <see cref="DossierDeadlines"/>. A dispute's date is one of the dossier's key dates (a wake-up of its one
/// reminder), named by a prefix and the dispute's id.
/// </summary>
public static class DisputeDeadlines
{
    /// <summary>The decision deadline of an amicable dispute: <c>dispute-decision:A1</c>.</summary>
    public const string DecisionPrefix = "dispute-decision:";

    /// <summary>The next hearing of a judicial dispute: <c>dispute-hearing:J1</c>.</summary>
    public const string HearingPrefix = "dispute-hearing:";

    /// <summary>True for a key date of a dispute.</summary>
    public static bool IsDisputeDate(string name) =>
        name.StartsWith(DecisionPrefix, StringComparison.Ordinal) || name.StartsWith(HearingPrefix, StringComparison.Ordinal);

    /// <summary>The last day to decide: the configured calendar days after the day received, due at its end (a platform deadline: no art. 53 shift).</summary>
    public static DateOnly DecideBy(DateOnly receivedOn, DossierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return receivedOn.AddDays(options.AmicableDisputeDecisionDays);
    }

    /// <summary>The decision deadline of <paramref name="dispute"/> as a key date.</summary>
    public static KeyDate Decision(AmicableDisputeRecord dispute, DossierOptions options, LegalClock clock)
    {
        ArgumentNullException.ThrowIfNull(dispute);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        var days = options.AmicableDisputeDecisionDays;
        var last = dispute.DecideBy;
        return new KeyDate(DecisionPrefix + dispute.DisputeId, last, clock.EndOf(last), $"dossier-options-dispute-decision-{days}-days",
            $"Contestation amiable {dispute.DisputeId} ({GroundFrench(dispute.Ground)}) reçue le {DateText.French(dispute.ReceivedOn)} : "
            + $"décision dans les {days} jours calendrier (option Dossier:AmicableDisputeDecisionDays, délai de la plateforme, non prolongé au jour ouvrable suivant) ; "
            + $"dernier jour le {DateText.FrenchWithWeekday(last)}.",
            $"Minnelijke betwisting {dispute.DisputeId} ({GroundDutch(dispute.Ground)}) ontvangen op {DateText.Dutch(dispute.ReceivedOn)}: "
            + $"beslissing binnen {days} kalenderdagen (optie Dossier:AmicableDisputeDecisionDays, termijn van het platform, niet verlengd tot de volgende werkdag); "
            + $"laatste dag {DateText.DutchWithWeekday(last)}.");
    }

    /// <summary>The hearing of <paramref name="dispute"/> on <paramref name="date"/>: due at the start of that day.</summary>
    public static KeyDate Hearing(JudicialDisputeRecord dispute, DateOnly date, LegalClock clock)
    {
        ArgumentNullException.ThrowIfNull(dispute);
        ArgumentNullException.ThrowIfNull(clock);
        var effectFr = dispute.SuspendsExecution ? EffectFrench(dispute.Kind) : "l'exécution se poursuit tant que le tribunal n'en décide pas autrement";
        var effectNl = dispute.SuspendsExecution ? EffectDutch(dispute.Kind) : "de tenuitvoerlegging loopt door zolang de rechtbank niet anders beslist";
        return new KeyDate(HearingPrefix + dispute.DisputeId, date, clock.StartOf(date), $"dispute-hearing-{KindCode(dispute.Kind)}",
            $"Audience du {DateText.FrenchWithWeekday(date)} devant {dispute.Court} : {KindFrench(dispute.Kind)} introduite le {DateText.French(dispute.FiledOn)} ; {effectFr}.",
            $"Zitting van {DateText.DutchWithWeekday(date)} voor {dispute.Court}: {KindDutch(dispute.Kind)} ingesteld op {DateText.Dutch(dispute.FiledOn)}; {effectNl}.");
    }

    /// <summary>The code of a kind, as rule ids and journal entries name it.</summary>
    public static string KindCode(JudicialDisputeKind kind) => kind switch
    {
        JudicialDisputeKind.ThirdPartyClaim => "third-party-claim",
        JudicialDisputeKind.AttachmentJudge => "attachment-judge",
        _ => "appeal",
    };

    private static string KindFrench(JudicialDisputeKind kind) => kind switch
    {
        JudicialDisputeKind.ThirdPartyClaim => "revendication par un tiers des biens saisis",
        JudicialDisputeKind.AttachmentJudge => "contestation devant le juge des saisies",
        _ => "appel contre le jugement sur opposition",
    };

    private static string KindDutch(JudicialDisputeKind kind) => kind switch
    {
        JudicialDisputeKind.ThirdPartyClaim => "terugvordering van de in beslag genomen goederen door een derde",
        JudicialDisputeKind.AttachmentJudge => "betwisting voor de beslagrechter",
        _ => "hoger beroep tegen het vonnis op verzet",
    };

    private static string EffectFrench(JudicialDisputeKind kind) => kind == JudicialDisputeKind.ThirdPartyClaim
        ? "les biens revendiqués ne peuvent être vendus tant que la revendication est pendante (configuration NON VÉRIFIÉE)"
        : "l'exécution est suspendue jusqu'à la décision (configuration NON VÉRIFIÉE)";

    private static string EffectDutch(JudicialDisputeKind kind) => kind == JudicialDisputeKind.ThirdPartyClaim
        ? "de teruggevorderde goederen mogen niet worden verkocht zolang de terugvordering hangende is (configuratie NIET GEVERIFIEERD)"
        : "de tenuitvoerlegging is geschorst tot de beslissing (configuratie NIET GEVERIFIEERD)";

    private static string GroundFrench(DisputeGround ground) => ground switch
    {
        DisputeGround.ContestedAmount => "montant contesté",
        DisputeGround.Identity => "identité",
        DisputeGround.PaymentAlreadyMade => "paiement déjà effectué",
        _ => "procédure",
    };

    private static string GroundDutch(DisputeGround ground) => ground switch
    {
        DisputeGround.ContestedAmount => "betwist bedrag",
        DisputeGround.Identity => "identiteit",
        DisputeGround.PaymentAlreadyMade => "reeds betaald",
        _ => "procedure",
    };
}
