/**
 * The data set's country names → ISO 3166-1 alpha-2 (lower case, as live
 * carts carry them). Names without one country (Channel Islands, European
 * Community, Unspecified) map to null.
 */
export const COUNTRY_ISO: Record<string, string | null> = {
  "United Kingdom": "gb", France: "fr", Australia: "au", Netherlands: "nl", Germany: "de", Norway: "no",
  EIRE: "ie", Switzerland: "ch", Spain: "es", Poland: "pl", Portugal: "pt", Italy: "it", Belgium: "be",
  Lithuania: "lt", Japan: "jp", Iceland: "is", "Channel Islands": null, Denmark: "dk", Cyprus: "cy",
  Sweden: "se", Austria: "at", Israel: "il", Finland: "fi", Bahrain: "bh", Greece: "gr", "Hong Kong": "hk",
  Singapore: "sg", Lebanon: "lb", "United Arab Emirates": "ae", "Saudi Arabia": "sa", "Czech Republic": "cz",
  Canada: "ca", Unspecified: null, Brazil: "br", USA: "us", "European Community": null, Malta: "mt", RSA: "za",
}

export function countryIso(name: string): string | null {
  return COUNTRY_ISO[name] ?? null
}
