using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace P4Orleans.Silo.Hosting;

/// <summary>
/// Options read from configuration and checked before anything uses them: data annotations on every property
/// (nested option objects included) and <see cref="IValidatableObject"/> for rules that cross fields. A bad value
/// stops the start with an <see cref="OptionsValidationException"/> whose every line names the configuration key.
/// </summary>
public static class ValidatedOptions
{
    /// <summary>Binds <paramref name="section"/> (defaults where absent) and validates it; throws naming each bad key.</summary>
    public static T GetValidated<T>(this IConfiguration configuration, string section)
        where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(section).Get<T>() ?? new T();
        var failures = Failures(options, section);
        return failures.Count == 0 ? options : throw new OptionsValidationException(section, typeof(T), failures);
    }

    /// <summary>
    /// Also registers <typeparamref name="T"/> as <see cref="IOptions{TOptions}"/> bound to <paramref name="section"/>,
    /// validated by its data annotations and the same nested and cross-field rules, at the host's start.
    /// </summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration, string section)
        where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddOptions<T>()
            .Bind(configuration.GetSection(section))
            .ValidateDataAnnotations()
            .Validate(o => Failures(o, section).Count == 0, $"The section {section} is invalid; see the start's error for the keys.")
            .ValidateOnStart();
    }

    /// <summary>Each failure of <paramref name="options"/> and its nested option objects, as "Section:Key: message".</summary>
    public static IReadOnlyList<string> Failures(object options, string path)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        failures.AddRange(results.Select(r => $"{path}:{string.Join(",", r.MemberNames.DefaultIfEmpty("*"))}: {r.ErrorMessage}"));
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            // Nested option objects (e.g. Silo:Membership) are validated with their own annotations, under their key.
            if (property.PropertyType.IsClass && property.PropertyType != typeof(string) && property.GetIndexParameters().Length == 0
                && property.PropertyType.Namespace?.StartsWith("P4Orleans", StringComparison.Ordinal) == true
                && property.GetValue(options) is { } nested)
            {
                failures.AddRange(Failures(nested, $"{path}:{property.Name}"));
            }
        }

        return failures;
    }
}
