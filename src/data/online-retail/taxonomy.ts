/**
 * A keyword taxonomy over product descriptions, so `category_match` has
 * categories to match on. First matching category wins, in this order (more
 * specific first: a "CHRISTMAS CANDLE" is Christmas, a "CAKE TIN" is kitchen).
 */
export interface Category {
  handle: string
  name: string
  keywords: string[]
}

export const TAXONOMY: Category[] = [
  { handle: "christmas", name: "Christmas", keywords: ["CHRISTMAS", "XMAS", "ADVENT", "SANTA", "REINDEER", "SNOWFLAKE", "SNOW ", "NATIVITY", "BAUBLE", "TREE DECORATION", "ELF"] },
  { handle: "easter", name: "Easter", keywords: ["EASTER", "EGG", "BUNNY", "CHICK"] },
  { handle: "bags", name: "Bags", keywords: ["BAG", "TOTE", "SHOPPER", "PURSE", "WALLET", "BACKPACK", "RUCKSACK", "CHARLOTTE"] },
  { handle: "candles-lights", name: "Candles & lights", keywords: ["CANDLE", "T-LIGHT", "TLIGHT", "TEA LIGHT", "LANTERN", "LIGHT", "LAMP", "NIGHT LIGHT", "LED", "DIFFUSER", "INCENSE"] },
  { handle: "kitchen", name: "Kitchen & dining", keywords: ["MUG", "CUP", "SAUCER", "TEACUP", "TEAPOT", "PLATE", "BOWL", "JUG", "CAKE", "BAKING", "TIN", "LUNCH BOX", "LUNCHBOX", "JAR", "KITCHEN", "APRON", "OVEN", "SPOON", "CUTLERY", "TEA TOWEL", "NAPKIN", "COASTER", "TRAY", "TUMBLER", "GLASS", "BOTTLE", "STRAW", "PANTRY", "SCALES", "RECIPE", "JAM", "EGG CUP", "CHOPSTICK", "PICNIC", "PLACEMAT"] },
  { handle: "garden", name: "Garden & outdoor", keywords: ["GARDEN", "PLANT", "POT ", "FLOWER POT", "WATERING", "BIRD", "SEED", "TRUG", "PARASOL", "UMBRELLA", "HAMMOCK"] },
  { handle: "stationery", name: "Stationery & paper", keywords: ["CARD", "NOTEBOOK", "PEN", "PENCIL", "STICKER", "WRAP", "PAPER", "ENVELOPE", "DIARY", "CALENDAR", "JOURNAL", "STATIONERY", "ERASER", "RUBBER", "RIBBON", "TAPE", "NAPKINS", "GIFT TAG", "TISSUE", "CONFETTI", "BOOK"] },
  { handle: "toys-games", name: "Toys & games", keywords: ["TOY", "GAME", "PUZZLE", "DOLL", "TEDDY", "SPACEBOY", "DOMINO", "JIGSAW", "SKITTLES", "PLAYHOUSE", "PAINTING SET", "COLOURING", "CRAYON", "MAGIC", "BALLOON", "KIT", "SOLDIER", "SPINNING TOP", "BINGO", "CHILDREN", "CHILDS", "KIDS", "BABY"] },
  { handle: "party", name: "Party", keywords: ["PARTY", "BUNTING", "BIRTHDAY", "CAKE CASES", "PAPER CHAIN", "GARLAND", "BANNER", "CRACKER", "HAT"] },
  { handle: "jewellery-accessories", name: "Jewellery & accessories", keywords: ["NECKLACE", "BRACELET", "EARRING", "RING", "HAIR", "CLIP", "BROOCH", "JEWEL", "BEAD", "DIAMANTE", "CHARM", "KEY RING", "KEYRING", "MIRROR", "COMPACT", "SCARF", "GLOVES", "HOT WATER BOTTLE"] },
  { handle: "storage", name: "Storage & organisation", keywords: ["BOX", "BASKET", "STORAGE", "DRAWER", "CABINET", "HOOK", "HANGER", "PEG", "RACK", "SHELF", "CRATE", "CADDY"] },
  { handle: "home-decor", name: "Home decor", keywords: ["HEART", "SIGN", "FRAME", "CLOCK", "CUSHION", "DOORMAT", "DOORSTOP", "WALL", "DECORATION", "ORNAMENT", "VASE", "HANGING", "WREATH", "BUNNY", "PLAQUE", "CHALKBOARD", "BLACKBOARD", "THROW", "QUILT", "BLANKET", "CURTAIN", "FLAG", "WINDMILL", "MOBILE", "WICKER", "ZINC", "ENAMEL", "VINTAGE"] },
]

export const OTHER_CATEGORY: Category = { handle: "other", name: "Other", keywords: [] }

export function categorise(description: string): Category {
  const d = ` ${description.toUpperCase()} `
  for (const c of TAXONOMY) {
    if (c.keywords.some((k) => d.includes(k))) return c
  }
  return OTHER_CATEGORY
}
