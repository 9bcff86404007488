/**
 * The demo catalogue of Fellwick & Tarn, a small (fictional) shop for outdoor and home goods with a
 * warehouse in the Netherlands, shipping to the EU, the UK and the US. Every name and description here
 * is our own invention. Product names are deliberately distinctive so a fuzzy gazetteer can find them
 * in customer messages ("is the skerry jacket back in stock?").
 *
 * Prices are in euro cents (the shop charges in EUR everywhere).
 */

export type ProductCategory =
  'outerwear' | 'knitwear' | 'apparel' | 'footwear' | 'bags' | 'camping' | 'kitchen' | 'home' | 'accessories';

export interface Product {
  /** Stock-keeping unit, `FT-<category code>-<3 digits>`. */
  sku: string;
  name: string;
  category: ProductCategory;
  /** Unit price in minor units (euro cents). */
  price: number;
  /** Size options, when the product comes in sizes. */
  sizes?: string[];
  /** Colour (or scent/finish) options, when there is a choice. */
  colors?: string[];
  inStock: boolean;
  /** Free-form tags; `final-sale` marks items excluded from returns (see the return policy). */
  tags: string[];
  /** One line in our own words, for recommendations and product answers. */
  description: string;
}

export const SHOP_CURRENCY = 'EUR';

/** Tag that marks an item as final sale (not returnable unless faulty). */
export const FINAL_SALE_TAG = 'final-sale';

const APPAREL_SIZES = ['XS', 'S', 'M', 'L', 'XL'];
const SHOE_SIZES = ['36', '37', '38', '39', '40', '41', '42', '43', '44', '45', '46'];

export const demoCatalogue: readonly Product[] = [
  // Outerwear
  {
    sku: 'FT-OW-001',
    name: 'Harbor Rain Shell',
    category: 'outerwear',
    price: 14900,
    sizes: APPAREL_SIZES,
    colors: ['Slate', 'Moss', 'Ember'],
    inStock: true,
    tags: ['rain', 'waterproof', 'jacket', 'lightweight', 'packable'],
    description: 'A featherweight three-layer rain jacket that folds into its own chest pocket.',
  },
  {
    sku: 'FT-OW-002',
    name: 'Skerry Waxed Jacket',
    category: 'outerwear',
    price: 21900,
    sizes: APPAREL_SIZES,
    colors: ['Olive', 'Tobacco'],
    inStock: true,
    tags: ['waxed cotton', 'jacket', 'classic', 'windproof'],
    description: 'Waxed cotton field jacket with a corduroy collar, built to be re-waxed for decades.',
  },
  {
    sku: 'FT-OW-003',
    name: 'Drumlin Down Parka',
    category: 'outerwear',
    price: 28900,
    sizes: APPAREL_SIZES,
    colors: ['Ink', 'Oat'],
    inStock: true,
    tags: ['down', 'winter', 'parka', 'warm'],
    description: 'Knee-skimming parka filled with responsibly sourced down for properly cold days.',
  },
  {
    sku: 'FT-OW-004',
    name: 'Moorgate Fleece Half-Zip',
    category: 'outerwear',
    price: 7900,
    sizes: APPAREL_SIZES,
    colors: ['Heather', 'Pine', 'Sand'],
    inStock: true,
    tags: ['fleece', 'midlayer', 'recycled'],
    description: 'A grid-fleece midlayer spun from recycled bottles, warm without the bulk.',
  },
  {
    sku: 'FT-OW-005',
    name: 'Kestrel Windproof Gilet',
    category: 'outerwear',
    price: 9500,
    sizes: APPAREL_SIZES,
    colors: ['Rust', 'Charcoal'],
    inStock: false,
    tags: ['gilet', 'vest', 'windproof', 'layering'],
    description: 'Sleeveless windproof layer with a brushed lining for breezy ridge walks.',
  },

  // Knitwear
  {
    sku: 'FT-KN-001',
    name: 'Fjell Wool Beanie',
    category: 'knitwear',
    price: 2900,
    colors: ['Heather', 'Rust', 'Charcoal'],
    inStock: true,
    tags: ['hat', 'wool', 'winter', 'gift'],
    description: 'A ribbed beanie in soft lambswool with a deep turn-up that covers the ears.',
  },
  {
    sku: 'FT-KN-002',
    name: 'Saltmarsh Fisherman Sweater',
    category: 'knitwear',
    price: 12900,
    sizes: APPAREL_SIZES,
    colors: ['Ecru', 'Navy'],
    inStock: true,
    tags: ['sweater', 'jumper', 'wool', 'chunky'],
    description: 'A heavy-gauge fisherman knit with a saddle shoulder, made to be handed down.',
  },
  {
    sku: 'FT-KN-003',
    name: 'Lowfell Merino Base Layer',
    category: 'knitwear',
    price: 6900,
    sizes: APPAREL_SIZES,
    colors: ['Black', 'Lichen'],
    inStock: true,
    tags: ['merino', 'base layer', 'thermal', 'hiking'],
    description: 'Fine merino long-sleeve top that regulates warmth and stays fresh for days.',
  },
  {
    sku: 'FT-KN-004',
    name: 'Brisa Cable-Knit Scarf',
    category: 'knitwear',
    price: 4500,
    colors: ['Oat', 'Burgundy'],
    inStock: true,
    tags: ['scarf', 'wool', 'gift'],
    description: 'Long cable-knit scarf in a wool and alpaca blend with a soft brushed finish.',
  },
  {
    sku: 'FT-KN-005',
    name: 'Tarnside Ragg Socks',
    category: 'knitwear',
    price: 2200,
    sizes: ['S (36-38)', 'M (39-42)', 'L (43-46)'],
    colors: ['Grey Marl', 'Forest'],
    inStock: true,
    tags: ['socks', 'wool', 'two-pack', 'hiking'],
    description: 'Two pairs of cushioned ragg-wool boot socks with a reinforced heel.',
  },

  // Apparel
  {
    sku: 'FT-AP-001',
    name: 'Causeway Canvas Trousers',
    category: 'apparel',
    price: 8900,
    sizes: ['28', '30', '32', '34', '36', '38'],
    colors: ['Stone', 'Olive', 'Black'],
    inStock: true,
    tags: ['trousers', 'pants', 'canvas', 'workwear'],
    description: 'Hard-wearing organic canvas trousers with a gusseted crotch and tool pocket.',
  },
  {
    sku: 'FT-AP-002',
    name: 'Larchwood Flannel Shirt',
    category: 'apparel',
    price: 7400,
    sizes: APPAREL_SIZES,
    colors: ['Red Check', 'Blue Check'],
    inStock: true,
    tags: ['shirt', 'flannel', 'cotton'],
    description: 'Double-brushed cotton flannel shirt, cut a little long to stay tucked in.',
  },
  {
    sku: 'FT-AP-003',
    name: 'Pebbledash Organic Tee',
    category: 'apparel',
    price: 3200,
    sizes: APPAREL_SIZES,
    colors: ['White', 'Clay', 'Ink'],
    inStock: true,
    tags: ['t-shirt', 'organic cotton', 'basics'],
    description: 'A mid-weight organic cotton tee with a neat collar that keeps its shape.',
  },

  // Footwear
  {
    sku: 'FT-FW-001',
    name: 'Scree Trail Runner',
    category: 'footwear',
    price: 13500,
    sizes: SHOE_SIZES,
    colors: ['Basalt', 'Glacier'],
    inStock: true,
    tags: ['shoes', 'trail running', 'grip'],
    description: 'Grippy, cushioned trail shoe with a rock plate for rough and rooty paths.',
  },
  {
    sku: 'FT-FW-002',
    name: 'Bothy Felt Slippers',
    category: 'footwear',
    price: 4900,
    sizes: SHOE_SIZES,
    colors: ['Grey', 'Mustard'],
    inStock: true,
    tags: ['slippers', 'felt', 'home', 'gift'],
    description: 'Boiled-wool slippers on a thin natural rubber sole, warm on cold floors.',
  },
  {
    sku: 'FT-FW-003',
    name: 'Hollow Ridge Hiking Boot',
    category: 'footwear',
    price: 18900,
    sizes: SHOE_SIZES,
    colors: ['Brown'],
    inStock: false,
    tags: ['boots', 'hiking', 'leather', 'waterproof'],
    description: 'Full-grain leather walking boot with a waterproof lining and resoleable sole.',
  },

  // Bags
  {
    sku: 'FT-BG-001',
    name: 'Wayfell 28L Daypack',
    category: 'bags',
    price: 11900,
    colors: ['Moss', 'Slate', 'Ochre'],
    inStock: true,
    tags: ['backpack', 'daypack', 'hiking', 'laptop sleeve'],
    description: 'A 28-litre pack with a padded laptop sleeve and a back panel that breathes.',
  },
  {
    sku: 'FT-BG-002',
    name: 'Ferrybridge Roll-Top Pannier',
    category: 'bags',
    price: 8500,
    colors: ['Black', 'Signal Orange'],
    inStock: true,
    tags: ['cycling', 'pannier', 'waterproof'],
    description: 'Waterproof roll-top pannier that clips onto most racks in seconds.',
  },
  {
    sku: 'FT-BG-003',
    name: 'Quayside Canvas Tote',
    category: 'bags',
    price: 3900,
    colors: ['Natural', 'Navy'],
    inStock: true,
    tags: ['tote', 'canvas', 'everyday'],
    description: 'Heavy canvas tote with leather handles and an inside zip pocket.',
  },
  {
    sku: 'FT-BG-004',
    name: 'Cairn Hip Pack',
    category: 'bags',
    price: 4200,
    colors: ['Moss', 'Black'],
    inStock: true,
    tags: ['hip pack', 'bum bag', 'travel'],
    description: 'A small hip pack for phone, keys and snacks, wearable across the body too.',
  },

  // Camping
  {
    sku: 'FT-CP-001',
    name: 'Nightjar Two-Person Tent',
    category: 'camping',
    price: 34900,
    colors: ['Fern'],
    inStock: false,
    tags: ['tent', 'backpacking', 'lightweight', 'two-person'],
    description: 'A freestanding two-person tent under two kilos, with two doors and two porches.',
  },
  {
    sku: 'FT-CP-002',
    name: 'Emberlight Camp Lantern',
    category: 'camping',
    price: 5400,
    colors: ['Copper', 'Matte Black'],
    inStock: true,
    tags: ['lantern', 'rechargeable', 'lighting', 'usb-c'],
    description: 'Rechargeable lantern with a warm dimmable glow and a hook for the tent roof.',
  },
  {
    sku: 'FT-CP-003',
    name: 'Glenmore Sleeping Bag',
    category: 'camping',
    price: 17900,
    sizes: ['Regular', 'Long'],
    colors: ['Teal'],
    inStock: true,
    tags: ['sleeping bag', 'three-season', 'synthetic'],
    description: 'Three-season synthetic sleeping bag that stays warm even when damp.',
  },
  {
    sku: 'FT-CP-004',
    name: 'Thistledown Camp Pillow',
    category: 'camping',
    price: 2400,
    colors: ['Grey'],
    inStock: true,
    tags: ['pillow', 'inflatable', 'packable'],
    description: 'An inflatable pillow with a brushed cover that packs down to fist size.',
  },
  {
    sku: 'FT-CP-005',
    name: 'Ottermoss Folding Stool',
    category: 'camping',
    price: 3800,
    inStock: true,
    tags: ['stool', 'folding', 'beech wood'],
    description: 'Beech and canvas folding stool for campsites, allotments and fishing trips.',
  },

  // Kitchen
  {
    sku: 'FT-KT-001',
    name: 'Kettle Rock Enamel Mug',
    category: 'kitchen',
    price: 1800,
    colors: ['Cream', 'Sea Green', 'Charcoal'],
    inStock: true,
    tags: ['mug', 'enamel', 'camping', 'gift'],
    description: 'A speckled enamel mug that moves between campfire and kitchen table.',
  },
  {
    sku: 'FT-KT-002',
    name: 'Brackenfire Cast-Iron Skillet',
    category: 'kitchen',
    price: 6400,
    inStock: true,
    tags: ['skillet', 'cast iron', 'pre-seasoned', 'cooking'],
    description: 'A pre-seasoned 26 cm cast-iron pan for hob, oven or open fire.',
  },
  {
    sku: 'FT-KT-003',
    name: 'Driftline Pour-Over Set',
    category: 'kitchen',
    price: 4600,
    inStock: true,
    tags: ['coffee', 'pour-over', 'ceramic', 'gift'],
    description: 'A ceramic coffee dripper with a matching carafe, for slow mornings.',
  },
  {
    sku: 'FT-KT-004',
    name: 'Hearthstone Stoneware Bowls',
    category: 'kitchen',
    price: 5800,
    colors: ['Ash Glaze', 'Iron Glaze'],
    inStock: true,
    tags: ['bowls', 'stoneware', 'set of four', 'tableware'],
    description: 'A set of four reactive-glaze stoneware bowls; no two come out quite alike.',
  },

  // Home
  {
    sku: 'FT-HM-001',
    name: 'Corrie Wool Throw',
    category: 'home',
    price: 11900,
    colors: ['Heather Check', 'Mustard Check'],
    inStock: true,
    tags: ['throw', 'blanket', 'wool', 'gift'],
    description: 'A generous lambswool throw woven in a mill that has been weaving since the 1870s.',
  },
  {
    sku: 'FT-HM-002',
    name: 'Loomhouse Linen Bedding Set',
    category: 'home',
    price: 15900,
    sizes: ['Single', 'Double', 'King'],
    colors: ['Flax', 'Chalk', 'Sage'],
    inStock: false,
    tags: ['bedding', 'linen', 'duvet cover'],
    description: 'Stonewashed linen duvet cover and two pillowcases that get softer every wash.',
  },
  {
    sku: 'FT-HM-003',
    name: 'Beaconfell Soy Candle',
    category: 'home',
    price: 2600,
    colors: ['Pine & Smoke', 'Sea Salt', 'Fig Leaf'],
    inStock: true,
    tags: ['candle', 'soy wax', 'gift'],
    description: 'A hand-poured soy candle in a reusable amber jar, about 45 hours of burn time.',
  },
  {
    sku: 'FT-HM-004',
    name: 'Sundial Oak Wall Clock',
    category: 'home',
    price: 8900,
    inStock: true,
    tags: ['clock', 'oak', 'decor', 'clearance', FINAL_SALE_TAG],
    description: 'A quiet-sweep wall clock turned from solid oak. Clearance line: final sale.',
  },
  {
    sku: 'FT-HM-005',
    name: 'Millrace Linen Tea Towels',
    category: 'home',
    price: 2400,
    colors: ['Stripe', 'Check'],
    inStock: true,
    tags: ['tea towels', 'linen', 'set of three', 'clearance', FINAL_SALE_TAG],
    description: 'Three absorbent linen tea towels with hanging loops. Clearance line: final sale.',
  },
  {
    sku: 'FT-HM-006',
    name: 'Wrenfield Jute Doormat',
    category: 'home',
    price: 3400,
    inStock: true,
    tags: ['doormat', 'jute', 'entryway'],
    description: 'A thick woven jute doormat with a non-slip backing that copes with muddy boots.',
  },

  // Accessories
  {
    sku: 'FT-AC-001',
    name: 'Stonechat Leather Gloves',
    category: 'accessories',
    price: 5900,
    sizes: ['S', 'M', 'L', 'XL'],
    colors: ['Tan', 'Black'],
    inStock: true,
    tags: ['gloves', 'leather', 'winter'],
    description: 'Goatskin gloves with a cashmere-blend lining and touchscreen-friendly fingertips.',
  },
  {
    sku: 'FT-AC-002',
    name: 'Lodestar Brass Compass',
    category: 'accessories',
    price: 3600,
    inStock: true,
    tags: ['compass', 'brass', 'navigation', 'gift'],
    description: 'A liquid-damped brass compass with a hinged lid and a lanyard loop.',
  },
  {
    sku: 'FT-AC-003',
    name: 'Harebell Insulated Bottle',
    category: 'accessories',
    price: 3100,
    colors: ['Bluebell', 'Moss', 'Snow'],
    inStock: true,
    tags: ['bottle', 'insulated', 'stainless steel'],
    description: 'A 750 ml steel bottle that keeps drinks hot for 12 hours or cold for 24.',
  },
  {
    sku: 'FT-AC-004',
    name: 'Northlight Headtorch',
    category: 'accessories',
    price: 4400,
    inStock: true,
    tags: ['headlamp', 'headtorch', 'rechargeable', 'lighting'],
    description: 'A 350-lumen rechargeable headtorch with a red night-vision mode.',
  },
  {
    sku: 'FT-AC-005',
    name: 'Cobble Merino Neck Gaiter',
    category: 'accessories',
    price: 2500,
    colors: ['Charcoal', 'Lichen', 'Rust'],
    inStock: true,
    tags: ['neck gaiter', 'buff', 'merino'],
    description: 'A merino tube that works as a neck warmer, headband or thin hat.',
  },
];

export function findProductBySku(sku: string): Product | undefined {
  return demoCatalogue.find((p) => p.sku === sku);
}
