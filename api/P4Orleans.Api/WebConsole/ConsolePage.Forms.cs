using P4Orleans.Api.Problems;
using P4Orleans.Contracts;

namespace P4Orleans.Api.WebConsole;

// The fields of the console's forms read as the API reads its bodies: lists by name, law dates, texts under the API's
// limits, amounts typed in euros, whole numbers, instants typed in Brussels time; a bad field is a 400 naming it.
public abstract partial class ConsolePage
{
    private static readonly TimeZoneInfo Brussels = TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels");

    /// <summary>
    /// A value of a list (a select) by its name only, as the API takes enumerations: a number or an unknown name is a 400
    /// naming <paramref name="field"/>.
    /// </summary>
    protected TEnum Choice<TEnum>(string? value, string field) where TEnum : struct, Enum =>
        value?.Trim() is { Length: > 0 } name && !char.IsAsciiDigit(name[0]) && name[0] is not ('-' or '+')
            && Enum.TryParse<TEnum>(name, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw new DossierValidationException(field, T["value-not-in-list"]);

    /// <summary>A law date of a form (yyyy-mm-dd, as a date input posts it): a 400 naming <paramref name="field"/> when missing or malformed.</summary>
    protected DateOnly Day(DateOnly? value, string field) => value ?? throw new DossierValidationException(field, T["date-required"]);

    /// <summary>
    /// A text of a form under the API's limit for <paramref name="field"/> (<see cref="InputLimits.TextLength"/>), trimmed, no
    /// control character; null when left empty and not <paramref name="required"/>; a 400 otherwise.
    /// </summary>
    protected string? Text(string? value, string field, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return required ? throw new DossierValidationException(field, T["text-required"]) : null;
        }
        return Clean(value, InputLimits.TextLength(field))
            ?? throw new DossierValidationException(field, string.Format(System.Globalization.CultureInfo.InvariantCulture, T["text-invalid"], InputLimits.TextLength(field)));
    }

    /// <summary>An amount typed in euros (<see cref="EuroInput"/>) in cents; a 400 naming <paramref name="field"/> with the reason.</summary>
    protected long Cents(string? value, string field) => EuroInput.TryParse(value, out var cents, out var error)
        ? cents
        : throw new DossierValidationException(field, T["money." + error.ToString().ToLowerInvariant()]);

    /// <summary>Checks a command built from the form with the API's input limits (dates, lengths, lists, cents): a 400 otherwise.</summary>
    protected void Limits(object command) => InputValidation.Require(HttpContext, command);

    /// <summary>A whole number typed in a form (digits only, as a number input posts it); a 400 naming <paramref name="field"/> otherwise.</summary>
    protected int Count(string? value, string field) =>
        value?.Trim() is { Length: > 0 and <= 9 } digits && digits.All(char.IsAsciiDigit)
            ? int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture)
            : throw new DossierValidationException(field, T["number-required"]);

    /// <summary>
    /// An instant typed as a date and time of Brussels (a datetime-local input: yyyy-mm-ddThh:mm), in UTC; a time the clocks
    /// skip in spring does not exist and is refused, one they repeat in autumn is read as the first (summer time).
    /// </summary>
    protected DateTimeOffset BrusselsInstant(DateTime? value, string field)
    {
        if (value is not { } local || Brussels.IsInvalidTime(DateTime.SpecifyKind(local, DateTimeKind.Unspecified)))
        {
            throw new DossierValidationException(field, T["instant-required"]);
        }
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        var offset = Brussels.IsAmbiguousTime(unspecified) ? Brussels.GetAmbiguousTimeOffsets(unspecified).Max() : Brussels.GetUtcOffset(unspecified);
        return new DateTimeOffset(unspecified, offset).ToUniversalTime();
    }
}
