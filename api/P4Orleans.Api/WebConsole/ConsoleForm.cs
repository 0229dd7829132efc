using P4Orleans.Api.Problems;
using P4Orleans.Contracts;

namespace P4Orleans.Api.WebConsole;

/// <summary>
/// How a console form's fields become a command's values, refused as the API refuses them (a 400 naming the field, in the
/// user's language): list values by name only, law dates, texts within <see cref="InputLimits"/>, euros typed the Belgian way.
/// </summary>
public static class ConsoleForm
{
    /// <summary>
    /// A value of a list (a select) by its name only, as the API takes enumerations: a number or an unknown name is a 400
    /// naming <paramref name="field"/>.
    /// </summary>
    public static TEnum Choice<TEnum>(ConsoleText t, string? value, string field) where TEnum : struct, Enum =>
        value?.Trim() is { Length: > 0 } name && !char.IsAsciiDigit(name[0]) && name[0] is not ('-' or '+')
            && Enum.TryParse<TEnum>(name, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw new DossierValidationException(field, t["value-not-in-list"]);

    /// <summary>An optional list value: null when left empty, else as <see cref="Choice{TEnum}"/>.</summary>
    public static TEnum? OptionalChoice<TEnum>(ConsoleText t, string? value, string field) where TEnum : struct, Enum =>
        string.IsNullOrWhiteSpace(value) ? null : Choice<TEnum>(t, value, field);

    /// <summary>A law date of a form (yyyy-mm-dd, as a date input posts it): a 400 naming <paramref name="field"/> when missing or malformed.</summary>
    public static DateOnly Day(ConsoleText t, DateOnly? value, string field) => value ?? throw new DossierValidationException(field, t["date-required"]);

    /// <summary>
    /// A text of a form under the API's limit for <paramref name="field"/> (<see cref="InputLimits.TextLength"/>), trimmed, no
    /// control character; null when left empty and not <paramref name="required"/>; a 400 otherwise.
    /// </summary>
    public static string? Text(ConsoleText t, string? value, string field, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return required ? throw new DossierValidationException(field, t["text-required"]) : null;
        }
        return ConsolePage.Clean(value, InputLimits.TextLength(field))
            ?? throw new DossierValidationException(field, string.Format(System.Globalization.CultureInfo.InvariantCulture, t["text-invalid"], InputLimits.TextLength(field)));
    }

    /// <summary>An amount typed in euros (<see cref="EuroInput"/>) in cents; a 400 naming <paramref name="field"/> with the reason.</summary>
    public static long Cents(ConsoleText t, string? value, string field) => EuroInput.TryParse(value, out var cents, out var error)
        ? cents
        : throw new DossierValidationException(field, t["money." + error.ToString().ToLowerInvariant()]);

    /// <summary>An optional amount in euros: null when left empty, else as <see cref="Cents"/>.</summary>
    public static long? OptionalCents(ConsoleText t, string? value, string field) => string.IsNullOrWhiteSpace(value) ? null : Cents(t, value, field);

    /// <summary>Checks a command built from the form with the API's input limits (dates, lengths, lists, cents): a 400 otherwise.</summary>
    public static void Limits(HttpContext http, object command) => InputValidation.Require(http, command);
}

/// <summary>Where a dispute form posts: the page (<c>/Dossier</c> or <c>/OfficeDossier</c>) and its dossier.</summary>
public sealed record DisputeFormTarget(string Page, string DossierId);
