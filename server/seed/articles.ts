/**
 * The demo knowledge base of Fellwick & Tarn: FAQs (a question, alternative phrasings, a short answer)
 * and articles (markdown bodies, several of them long). All written for this project. Facts such as
 * rates, windows and carriers come from shop.ts so the articles agree with the orders.
 */
import { normalizeBody } from '../../protocol/admin';
import type { NewArticle } from '../../store';
import { DEMO_SHOP, SHIPPING_RATES, formatEuros, type ShippingRegion } from './shop';

export interface DemoFaq {
  /** Stable slug; stored as the id `faq-<slug>`. */
  slug: string;
  question: string;
  /** Two or three other ways customers ask the same thing. */
  alternatives: string[];
  answer: string;
  tags: string[];
}

export interface DemoArticle {
  /** Stable slug; stored as the id `kb-<slug>`. */
  slug: string;
  title: string;
  /** Markdown. */
  body: string;
  tags: string[];
}

export const DEMO_LOCALE = 'en';

const S = DEMO_SHOP;
const R = SHIPPING_RATES;
const days = (d: readonly [number, number], unit = 'business day') =>
  d[0] === d[1] ? `${d[0]} ${unit}${d[0] === 1 ? '' : 's'}` : `${d[0]}–${d[1]} ${unit}s`;
const REGIONS: ShippingRegion[] = ['benelux', 'eu', 'uk', 'us'];

function shippingTable(): string {
  const rows = REGIONS.map((k) => {
    const r = R[k];
    const express = `${formatEuros(r.express)}, ${days(r.expressDays)}`;
    return `| ${r.label} | ${formatEuros(r.standard)} | ${days(r.standardDays)} | ${formatEuros(r.freeOver)} | ${express} |`;
  });
  return [
    '| Destination | Standard | Standard delivery | Free standard delivery from | Express |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

export const demoArticles: readonly DemoArticle[] = [
  {
    slug: 'returns-and-refunds',
    title: 'Returns and refunds policy',
    tags: ['returns', 'refunds', 'policy', 'final sale', 'exchanges'],
    body: `# Returns and refunds policy

We would rather you keep what you buy from us because you love it, not because sending it back is a chore. If something isn't right, this page explains what we can take back, how to send it and when your money comes home.

## The ${S.returnWindowDays}-day window

You have ${S.returnWindowDays} days to return an item, counted from the day it was delivered to you (the delivery date in your tracking), not from the day you ordered. If your order arrived in more than one parcel, each parcel has its own ${S.returnWindowDays} days. A return is on time when it is registered and handed to the carrier within the window, even if it reaches us a few days later.

## What we can accept

Items need to come back unused and in the condition you received them, with their original tags still attached. Trying clothes and shoes on indoors is fine; wearing them outside, washing them or cutting off the tags is not. Camping gear should be unused and packed the way it arrived: a tent that has spent a weekend on a campsite can't be sold to the next person as new. Please reuse the original packaging if you still have it and pack everything so it survives the journey back.

## Final-sale items

Some items are sold as final sale. They are marked "Final sale" on the product page and in your order confirmation, and they include our clearance lines and anything personalised for you. Final-sale items can't be returned because you changed your mind, but they are still covered if they turn out to be faulty; our warranty page explains how to report a fault.

## How to start a return

1. Sign in, open the order under **Orders** and choose **Return items**, or ask us in chat and we'll set it up together.
2. Pick the items and tell us why they are going back. The reason helps us improve; it never changes your refund.
3. In the EU you receive a prepaid return label by email. From the UK and the US, send the parcel with a tracked service to the address in your return confirmation; return postage is yours to pay unless the item is faulty or we sent the wrong thing.
4. Keep your proof of postage until the refund has arrived.

## Refunds

When your parcel reaches ${S.warehouse} we inspect it, usually within three business days of arrival. Once the return is approved we refund the items to your original payment method, and the money shows up within ${S.refundBusinessDays} business days, depending on your bank or payment provider. Whatever was paid with a gift card goes back onto a gift card. We email you the moment the refund is issued, and the order's status in your account changes to "Refunded".

Original shipping costs are refunded only when the whole order comes back because of a fault or a mistake on our side. An express delivery surcharge can't be refunded once the parcel has been delivered on time.

## Exchanges

We don't swap items directly. The quickest way to a different size or colour is to order the one you want and return the first as usual; the refund follows after inspection, and you are not left waiting for a swap to travel back and forth.
`,
  },
  {
    slug: 'shipping-times-and-costs',
    title: 'Shipping times and costs',
    tags: ['shipping', 'delivery', 'costs', 'carriers', 'tracking'],
    body: `# Shipping times and costs

Everything we sell leaves from ${S.warehouse}. Orders paid before ${S.dispatchCutoff} CET on a working day (Monday to Friday) are packed and handed to the carrier the same day; later orders leave on the next working day. The delivery times below start from dispatch and do not count weekends or public holidays.

## Rates by destination

${shippingTable()}

The free-delivery threshold looks at the value of the goods after any discount and before shipping. Express delivery is always charged, whatever the size of the order, and must be chosen at checkout; we can't upgrade an order that has already shipped.

## Carriers and tracking

Parcels within the EU travel with ${R.eu.carrier}, parcels to the UK with ${R.uk.carrier} and parcels to the US with ${R.us.carrier}. As soon as your order ships you get an email with a tracking number. Our tracking numbers always start with FT, followed by ten digits and the two-letter code of the destination country, for example FT4839201734GB. You can also find it under **Orders** in your account.

## When a parcel runs late

Busy seasons, storms and customs checks can add a day or two. If your tracking hasn't moved for three business days, or the parcel is more than two business days past its estimated delivery date, get in touch and we'll open an investigation with the carrier. If a parcel is confirmed lost, we send a replacement or refund you in full, whichever you prefer.

## Pick-up points and PO boxes

In the Netherlands, Belgium and Germany you can choose a pick-up point or parcel locker at checkout. Elsewhere, please give a street address where someone can sign for the parcel or where it can be left safely. We can't deliver to PO boxes in the United States.
`,
  },
  {
    slug: 'international-shipping-and-customs',
    title: 'International shipping, customs and duties',
    tags: ['shipping', 'international', 'customs', 'duties', 'uk', 'us', 'vat'],
    body: `# International shipping, customs and duties

We ship to every country in the European Union, to the United Kingdom and to the United States. We don't ship anywhere else yet; if you'd like us to, tell us where, because that is exactly how we chose the countries we serve today.

## Within the EU

Our prices include VAT and there are no customs formalities between EU countries, so the price at checkout is the price you pay. Delivery to the rest of the EU takes ${days(R.eu.standardDays)} with standard shipping.

## United Kingdom

Parcels to the UK cross a customs border. For orders with a goods value of up to £135 (converted from euros on the day you order) we charge UK VAT at checkout and pay it to the UK tax authority for you, so nothing more is due on the doorstep. For orders above £135 no UK VAT is added at checkout; instead ${R.uk.carrier} collects import VAT, any duty and its handling fee before delivering. Most of our products are made in Europe, which usually means no duty, but the VAT still applies.

## United States

Orders to the US travel with ${R.us.carrier}, and we prepare the customs paperwork for every parcel. Import duties, taxes or fees may be due on arrival. They are set by the US authorities, they change from time to time and they are not included in our prices or our shipping charges, so the recipient pays them, usually to the carrier before delivery. If you want to check in advance, ask us for the tariff codes and countries of origin of the items in your basket.

## Customs holds

Customs can stop any parcel for a check. Your tracking will show it as held, and most holds clear within one to three working days. We can't speed that up, but if a parcel has been held for more than five working days, contact us and we'll chase the carrier and the paperwork.

## If you refuse a parcel

If a parcel is refused or the charges due on arrival are not paid, the carrier sends it back to us. Once it arrives we refund the goods, minus the original shipping cost and the return freight the carrier charges us. Customs charges already paid to the authorities can only be reclaimed from them, not from us.

## Sending a return from outside the EU

When you return something from the UK or the US, mark the parcel as "returned goods" and include the return slip from your confirmation email. That tells customs the items are coming home rather than being sold, so nobody is charged twice.
`,
  },
  {
    slug: 'payment-methods-and-failed-payments',
    title: 'Payment methods and failed payments',
    tags: ['payment', 'billing', 'cards', 'declined', 'paypal'],
    body: `# Payment methods and failed payments

All prices are in euros and you are charged in euros wherever you live. If your card is in another currency, your bank converts the amount at its own rate and may add a fee.

## What we accept

- Visa, Mastercard and American Express credit and debit cards
- PayPal
- Apple Pay and Google Pay
- iDEAL in the Netherlands and Bancontact in Belgium
- Fellwick & Tarn gift cards, on their own or together with another method

We take the payment when you place the order. We never store full card numbers; payments are handled by our payment provider, and we only see the card type and its last four digits.

## Why a payment can fail

Most failed payments are a protective step by the bank rather than a problem with your account. The usual causes are an unfinished security check (the confirmation in your banking app timed out or was closed), a billing address that doesn't match the one your bank holds, a card that has expired or reached its spending limit, or a bank that blocks online or foreign purchases by default. A typo in the card number or security code does it too.

## What to do

Try again after checking the details, approve the security check in your banking app when it appears, or use a different method such as PayPal. If it keeps failing, your bank can tell you why: we don't receive the reason, only that the payment was declined.

## "I was charged but have no order"

When a payment fails, no money is taken. Some banks show a pending amount for a few days anyway; it is a reservation, not a charge, and it disappears by itself, usually within seven days. If you see a completed charge but no confirmation email, contact us with the date, the amount and the last four digits of the card, and we'll find it.
`,
  },
  {
    slug: 'discount-codes',
    title: 'How discount codes work',
    tags: ['discounts', 'promo codes', 'vouchers', 'billing'],
    body: `# How discount codes work

We send discount codes to newsletter subscribers, share them with friends of the shop and sometimes print them on cards in your parcel. Here is how they behave.

## The rules

- One code per order; codes can't be combined with each other.
- Codes apply to full-price items. They don't work on gift cards or on final-sale items.
- Each code has an end date, and some have a minimum spend; both are stated where the code was given to you.
- Codes are not case-sensitive, but spaces count, so paste carefully.
- Most codes are single-use per customer account.

## Adding a code

Enter the code in the **Discount code** field on the checkout page before you pay. The discount appears as a separate line in the order summary. If you don't see it, the code hasn't been applied.

## When a code is refused

The checkout says why: expired, minimum spend not reached, already used, or no eligible items in the basket. The most common surprise is a basket that only contains clearance items, which codes never cover.

## Forgot to add it?

We can't add a code to an order after payment, and we don't adjust prices after purchase. If your order hasn't shipped yet, you can cancel it and place it again with the code; once it has shipped, the code stays valid for your next order until its end date.

## Returns and discounts

If you return part of an order that used a code, you are refunded what you actually paid for the returned items, with the discount spread across the order. If the rest of the order then falls below the code's minimum spend, that doesn't change your refund.
`,
  },
  {
    slug: 'size-guide',
    title: 'Size guide',
    tags: ['sizes', 'fit', 'clothing', 'footwear', 'measurements'],
    body: `# Size guide

Our clothing is cut for layering: room for a base layer under knitwear and a fleece under a shell. If you are between sizes, take the smaller one for a close fit or the larger one for layering underneath.

## How to measure

Measure over a thin layer with a soft tape. For the chest, go round the fullest part with your arms relaxed. For the waist, measure where you normally wear your trousers. For the inside leg, measure from the crotch seam to the floor, without shoes.

## Tops, knitwear and outerwear

| Size | Chest (cm) | Waist (cm) | Fits roughly |
|---|---|---|---|
| XS | 82–87 | 66–71 | EU 44 / UK 34 |
| S | 88–94 | 72–78 | EU 46 / UK 36 |
| M | 95–101 | 79–85 | EU 48–50 / UK 38–40 |
| L | 102–109 | 86–93 | EU 52 / UK 42 |
| XL | 110–118 | 94–102 | EU 54–56 / UK 44–46 |

The Saltmarsh Fisherman Sweater is deliberately roomy: most people take one size down. The Harbor Rain Shell and the Drumlin Down Parka are cut to go over a midlayer, so take your usual size.

## Trousers

Causeway Canvas Trousers are sized by waist in inches (28 to 38) and come with an 82 cm inside leg, left unhemmed enough to be taken up by a tailor. Measure a pair of trousers that fits you well at the waistband and pick the nearest size.

## Footwear

| EU | UK | US women | US men | Foot length (cm) |
|---|---|---|---|---|
| 36 | 3.5 | 6 | 4.5 | 22.8 |
| 38 | 5 | 7.5 | 6 | 24.2 |
| 40 | 6.5 | 9 | 7.5 | 25.5 |
| 42 | 8 | 10.5 | 9 | 26.8 |
| 44 | 9.5 | 12 | 10.5 | 28.1 |
| 46 | 11 | 13.5 | 12 | 29.4 |

Measure your foot in the evening, when it is at its largest, from the heel to the longest toe. The Scree Trail Runner fits true to size; if you wear thick socks or have wide feet, go half a size up. Bothy Felt Slippers stretch a little and mould to the foot, so choose a snug fit.

## Gloves and socks

For gloves, measure around the palm just below the knuckles: S up to 19 cm, M up to 21 cm, L up to 23 cm, XL above. Tarnside Ragg Socks come in S (EU 36–38), M (39–42) and L (43–46).
`,
  },
  {
    slug: 'care-instructions',
    title: 'Caring for your things',
    tags: ['care', 'washing', 'wool', 'waxed cotton', 'down', 'cast iron', 'enamel'],
    body: `# Caring for your things

Most of what we sell is made to last for years, and a little care makes a big difference. Always check the label first: it has the final word for that item.

## Wool and merino

Wool needs far less washing than you'd think. Air it overnight after wearing and it freshens up by itself. When it does need a wash, use a wool programme at 30 °C or hand wash in cool water with a wool detergent, never fabric softener. Roll it in a towel to press out the water and dry it flat, away from radiators and direct sun. Store knitwear folded rather than hung, with a cedar block if moths are about.

## Waxed cotton

Don't put the Skerry Waxed Jacket in a washing machine or near detergent: it strips the wax. Brush off dried mud and sponge it with cold water. Once a year, or when the fabric starts to look pale and let water through, re-wax it with a tin of fabric dressing, warming the wax gently and working it in with a cloth.

## Down

Wash the Drumlin Down Parka rarely, on a gentle cycle with a down-specific wash, then tumble dry on low with two or three clean tennis balls until it is completely dry; that can take several cycles. Store it loosely, not compressed in its bag.

## Rain shells

Dirt and body oils make waterproof fabric "wet out". Wash the Harbor Rain Shell with a technical cleaner at 30 °C, then tumble dry on low for twenty minutes: the heat revives the water-repellent finish.

## Cast iron and enamel

Rinse the Brackenfire Cast-Iron Skillet with hot water and a brush while it's still warm, dry it on the hob, and wipe in a few drops of oil before putting it away. Avoid soaking it or using the dishwasher. Enamel mugs can go in the dishwasher, but hand washing keeps the glaze glossy for longer; enamel can chip if dropped on stone.

## Linen

Linen bedding and tea towels can go in at 40 °C with a mild detergent. Skip the tumble dryer if you can, and don't bother ironing: the crumpled look is the point.
`,
  },
  {
    slug: 'warranty',
    title: `Our ${S.warrantyYears}-year warranty`,
    tags: ['warranty', 'faulty', 'repairs', 'guarantee'],
    body: `# Our ${S.warrantyYears}-year warranty

Everything we sell is covered for ${S.warrantyYears} years from the date of delivery against faults in materials and workmanship. Tents, backpacks and cast-iron cookware are covered for five years. The warranty is in addition to your rights under consumer law, never instead of them.

## What is covered

Seams that open, zips that fail in normal use, delamination of waterproof fabric, soles that separate from shoes, poles that crack without being bent, enamel that flakes without being knocked, and anything else that stops working because of how it was made.

## What isn't

Normal wear and tear (pilling on knitwear, scuffed leather, a worn-down sole after years of walking), accidental damage, damage from not following the care label, alterations and repairs done elsewhere, and the natural changes of materials such as colour fading in sunlight or a patina on brass and waxed cotton.

## How to make a claim

Send us your order number, a short description of the problem and two or three photos that show it, in chat or by email to ${S.supportEmail}. We usually reply within two business days. If we need to see the item, we send you a free return label, also from the UK and the US.

## What happens next

Where a repair is sensible, we repair: a new zip or a re-stitched seam keeps a jacket going for years. If a repair isn't possible we replace the item with the same one or, if it is no longer available, one of similar value. If neither works, we refund what you paid. A repaired or replaced item keeps the remaining warranty of the original.

## Final-sale items

Final-sale items can't be returned for a change of mind, but the warranty covers them exactly like everything else.
`,
  },
  {
    slug: 'account-and-sign-in',
    title: 'Your account: signing in, passwords and email',
    tags: ['account', 'login', 'password reset', 'email change'],
    body: `# Your account: signing in, passwords and email

An account keeps your orders, returns, addresses and gift card balance in one place. You don't need one to buy from us, and guest orders can be added to an account later as long as they used the same email address.

## Resetting your password

On the sign-in page choose **Forgot password?** and enter the email address of your account. We send a reset link that works once and expires after 60 minutes. If it doesn't arrive within a few minutes, check your spam or promotions folder and make sure you used the address the account was opened with. For your security, the page looks the same whether or not an account exists for that address.

## Still locked out?

After five wrong passwords in a row, the account is paused for fifteen minutes. If you no longer have access to the email address on your account, we can't reset the password from chat: talk to one of our team, who will confirm your identity with details from a recent order before changing anything.

## Changing your email address

Sign in, open **Account settings › Profile** and enter the new address. We send a confirmation link to the new address and a notice to the old one; the change takes effect once you click the link. Order confirmations for orders already placed keep going to the address used at the time.

## Marketing emails

Newsletter and offer emails can be switched off in **Account settings › Communication** or with the unsubscribe link at the bottom of any of them. Service emails about your orders, returns and refunds are always sent.

## Closing your account

If you want your account closed and your personal data erased, ask in chat or email ${S.privacyEmail}. A member of the team handles every request personally; see our privacy page for what we must keep and for how long.
`,
  },
  {
    slug: 'order-changes-and-cancellation',
    title: 'Changing or cancelling an order',
    tags: ['orders', 'cancellation', 'address change', 'order changes'],
    body: `# Changing or cancelling an order

You can change or cancel an order while its status is **Processing**, which means it hasn't left the warehouse yet. Orders paid before ${S.dispatchCutoff} CET on a working day usually ship the same afternoon, so the sooner you ask, the better.

## What can be changed before dispatch

- The delivery address, as long as it is in a country we ship to and the shipping cost doesn't change; otherwise we cancel and you re-order.
- Sizes and colours of items in the order, when the new choice is in stock and costs the same.
- Removing an item, which is refunded to your payment method.

Adding items isn't possible: place a second order instead. Discount codes can't be added after payment.

## Cancelling

Open the order in your account and choose **Cancel order**, or ask us in chat with your order number. A cancelled order is refunded in full to the original payment method, usually within ${S.refundBusinessDays} business days; often it is faster, because many banks simply release the reservation.

## When it has already shipped

Once the order has a tracking number it can no longer be cancelled or redirected by us. You can refuse the delivery or return the items within ${S.returnWindowDays} days of delivery under our returns policy. For a wrong address on a parcel that has already shipped, contact the carrier using the tracking number; some let you pick a new date or a pick-up point.

## Delayed orders

If an order is waiting for an item that is out of stock, we email you with a new estimate. You can choose to wait, to receive the other items first, or to cancel that item or the whole order at no cost.
`,
  },
  {
    slug: 'gift-cards',
    title: 'Gift cards',
    tags: ['gift cards', 'vouchers', 'balance', 'billing'],
    body: `# Gift cards

Our gift cards are digital. You choose an amount between €10 and €250, add a message, and we email the card to the recipient on the date you pick, or to you if you'd rather hand it over yourself.

## Using a gift card

Enter the gift card code at checkout. If the order costs more than the card's balance, you pay the rest with any other payment method. If it costs less, the remaining balance stays on the card for next time. You can use one card over as many orders as you like and combine up to three cards in one order.

## Validity

A gift card is valid for ${S.giftCardValidityYears} years from the date it was bought, and the expiry date is printed on it. The balance and expiry of any card can be checked in your account under **Gift cards**, or by asking us in chat with the code.

## What a gift card can't do

Gift cards can't be exchanged for cash, can't be used to buy other gift cards and can't be bought with a discount code. If you return something bought with a gift card, the refund goes back onto a gift card.

## Lost codes

If the email with the code has gone missing, contact us from the address that bought the card, or give us the order number of the purchase, and we'll resend it. We can block a card that was shared by mistake and issue a new code with the remaining balance.
`,
  },
  {
    slug: 'privacy-and-your-data',
    title: 'Privacy and your data',
    tags: ['privacy', 'gdpr', 'data request', 'account deletion', 'consent'],
    body: `# Privacy and your data

We collect what we need to sell to you, deliver your orders and help you when you get in touch, and nothing more. This page explains in plain words what that means and how to use your rights. You can reach our privacy team at ${S.privacyEmail}.

## What we keep

Your name, email address, phone number if you give it, delivery and billing addresses, your order and return history, and the messages you send us, including chat transcripts. We don't store card numbers. We use cookies that the shop needs to work, and analytics and marketing cookies only if you allow them.

## Why we keep it

To process and deliver orders, to handle returns, warranty claims and refunds, to answer your questions with your history at hand, to prevent fraud and to meet our legal duties such as keeping invoices for tax purposes. With your consent, we also use your history to send you recommendations and offers; you can change that choice at any time in your account.

## How long

Order and invoice records are kept for seven years because tax law requires it. Chat transcripts are kept for twelve months and then deleted. If you close your account, the rest of your personal data is erased or anonymised within 30 days.

## Your rights

You can ask for a copy of the personal data we hold about you, ask us to correct it, object to how we use it, take it with you in a machine-readable format, or ask us to erase it. Send your request from the email address on your account, in chat or by email; we confirm your identity before sharing anything and answer within one month. These requests are always handled by a person, not by the chatbot.

## The chat assistant

Our chat assistant reads your messages to understand what you need and, when you are signed in or confirm your identity, looks up your orders to answer. When it hands you over to a colleague, that person sees the conversation and a short summary so you don't have to repeat yourself.

## Complaints

If you are unhappy with how we handled your data, please tell us first so we can put it right. You also have the right to complain to the data protection authority where you live.
`,
  },
  {
    slug: 'damaged-missing-or-wrong-items',
    title: 'Damaged, missing or wrong items',
    tags: ['damaged', 'missing item', 'wrong item', 'orders', 'faulty'],
    body: `# Damaged, missing or wrong items

Sometimes a parcel has a hard journey or we make a packing mistake. Whatever happened, we'll put it right without a fuss and at no cost to you.

## Arrived damaged

Please take a few photos of the item and of the box, including the shipping label, before you throw any packaging away. Send them to us in chat or by email with your order number within 14 days of delivery. We send a replacement or a refund, whichever you prefer, and usually we don't need the damaged item back.

## Something missing

Larger orders sometimes travel in more than one parcel: check your shipping email, which lists each parcel and its tracking number. If everything has arrived and an item is still missing, tell us the order number and which item, and we'll check the packing record and send it on.

## Wrong item or size

If we sent something you didn't order, we email you a prepaid label, wherever you live, and send the right item as soon as we can, without waiting for the wrong one to come back.

## Parcel marked delivered but not there

Check with neighbours, your building's reception and any safe place you gave us, and look for a card from the carrier. If it hasn't turned up after 24 hours, contact us and we'll start a claim with the carrier and keep you updated.
`,
  },
  {
    slug: 'contact-and-support-hours',
    title: 'Contacting us and support hours',
    tags: ['contact', 'support hours', 'agents', 'help'],
    body: `# Contacting us and support hours

Our chat assistant is available day and night and can check orders, start returns and answer most questions straight away. Whenever you'd like to talk to a person, just say so.

## When people are available

Our support team is online ${S.supportHours}. Outside those hours the assistant takes your question and your email address, and a colleague replies the next working day.

## Other ways to reach us

Email ${S.supportEmail} and include your order number if your question is about an order; we reply within one business day. For privacy and data requests, write to ${S.privacyEmail}.

## Formal complaints

If something has gone wrong and you want to make a formal complaint, tell us in chat or by email. A senior member of the team reviews every formal complaint, acknowledges it within two business days and gives you a full answer within 14 days.
`,
  },
];

export const demoFaqs: readonly DemoFaq[] = [
  {
    slug: 'return-window',
    question: 'How long do I have to return something?',
    alternatives: ['What is your return policy?', 'Can I still send back an item I bought last month?'],
    answer: `You can return unused items with their tags attached within ${S.returnWindowDays} days of delivery. Start the return from the order in your account or ask us in chat. Final-sale items can't be returned unless they are faulty.`,
    tags: ['returns', 'policy'],
  },
  {
    slug: 'refund-timing',
    question: 'When will I get my refund?',
    alternatives: ['How long do refunds take?', "I sent my return back but haven't been refunded yet"],
    answer: `We inspect returns within about three business days of them reaching our warehouse. Once approved, the refund goes to your original payment method and appears within ${S.refundBusinessDays} business days, depending on your bank. We email you when it's issued.`,
    tags: ['refunds', 'returns'],
  },
  {
    slug: 'final-sale',
    question: 'Can I return a final-sale item?',
    alternatives: [
      'Are clearance items returnable?',
      'Can I send back something I bought in the sale section?',
    ],
    answer:
      'Items marked "Final sale", such as clearance lines and personalised pieces, can\'t be returned for a change of mind. If one turns out to be faulty, our warranty covers it like any other item.',
    tags: ['returns', 'final sale'],
  },
  {
    slug: 'exchanges',
    question: 'Can I exchange an item for a different size?',
    alternatives: ['Do you do exchanges?', 'How do I swap my jacket for a bigger size?'],
    answer:
      "We don't swap items directly. Order the size you need and return the first one within the return window; you're refunded after we inspect it. That way the right size reaches you fastest.",
    tags: ['returns', 'exchanges', 'sizes'],
  },
  {
    slug: 'shipping-cost',
    question: 'How much does shipping cost?',
    alternatives: ['Is delivery free?', 'What are your postage charges?', 'When do I get free shipping?'],
    answer: `Standard shipping is ${formatEuros(R.benelux.standard)} to the Netherlands, Belgium and Luxembourg, ${formatEuros(R.eu.standard)} to the rest of the EU, ${formatEuros(R.uk.standard)} to the UK and ${formatEuros(R.us.standard)} to the US. It's free from ${formatEuros(R.eu.freeOver)} in the EU, ${formatEuros(R.uk.freeOver)} to the UK and ${formatEuros(R.us.freeOver)} to the US. Express costs extra everywhere.`,
    tags: ['shipping', 'costs'],
  },
  {
    slug: 'delivery-time',
    question: 'How long does delivery take?',
    alternatives: ['When will my parcel arrive if I order today?', 'How fast do you ship?'],
    answer: `Orders paid before ${S.dispatchCutoff} CET on a working day leave the same day. After that, standard delivery takes ${days(R.benelux.standardDays)} to the Netherlands, Belgium and Luxembourg, ${days(R.eu.standardDays)} to the rest of the EU, ${days(R.uk.standardDays)} to the UK and ${days(R.us.standardDays)} to the US.`,
    tags: ['shipping', 'delivery'],
  },
  {
    slug: 'customs-charges',
    question: 'Will I have to pay customs or import charges?',
    alternatives: [
      'Do you charge duties for UK orders?',
      'Are import taxes included when shipping to the US?',
    ],
    answer:
      "Not within the EU. For UK orders up to £135 we charge UK VAT at checkout, so nothing more is due; above that the carrier collects VAT and any duty on delivery. US orders may have duties or fees set by US authorities, which the recipient pays and which aren't included in our prices.",
    tags: ['shipping', 'customs', 'international'],
  },
  {
    slug: 'track-order',
    question: 'How do I track my order?',
    alternatives: ['Where can I find my tracking number?', 'Is there a way to see where my parcel is?'],
    answer:
      "You get an email with your tracking number as soon as your order ships, and it is also shown under Orders in your account. Our tracking numbers start with FT, for example FT4839201734GB. You can also give me your order number here and I'll look it up.",
    tags: ['orders', 'tracking', 'shipping'],
  },
  {
    slug: 'change-address',
    question: 'Can I change the delivery address after ordering?',
    alternatives: ['I put the wrong address on my order', 'How do I update where my parcel is going?'],
    answer:
      "Yes, as long as the order is still processing and hasn't shipped. Tell us the order number and the new address and we'll update it. Once it has a tracking number, contact the carrier instead; many let you redirect to a pick-up point.",
    tags: ['orders', 'address change'],
  },
  {
    slug: 'cancel-order',
    question: 'Can I cancel my order?',
    alternatives: ['How do I cancel an order I just placed?', 'Is it too late to cancel?'],
    answer: `You can cancel until the order ships, from the order page in your account or by asking us with the order number. You're refunded in full. After it has shipped, you can return it within ${S.returnWindowDays} days of delivery instead.`,
    tags: ['orders', 'cancellation'],
  },
  {
    slug: 'payment-declined',
    question: 'Why was my payment declined?',
    alternatives: ["My card isn't working at checkout", 'The payment keeps failing, what should I do?'],
    answer:
      "Most often the security check in your banking app wasn't completed, the billing address doesn't match, or the card has a limit or has expired. Check the details and try again, or use PayPal or another method. No money is taken when a payment fails, though a pending amount may show briefly.",
    tags: ['payment', 'billing'],
  },
  {
    slug: 'payment-methods',
    question: 'Which payment methods do you accept?',
    alternatives: ['Can I pay with PayPal?', 'Do you take American Express or Apple Pay?'],
    answer:
      'We accept Visa, Mastercard and American Express, PayPal, Apple Pay, Google Pay, iDEAL in the Netherlands, Bancontact in Belgium, and our own gift cards. You are always charged in euros.',
    tags: ['payment', 'billing'],
  },
  {
    slug: 'discount-code-not-working',
    question: "Why isn't my discount code working?",
    alternatives: ['The promo code says invalid', 'Can I use two discount codes on one order?'],
    answer:
      "Codes can't be combined, don't apply to gift cards or final-sale items, and may have an end date or a minimum spend. Check for extra spaces when pasting. If the checkout still refuses it, tell me the code and I'll look at why.",
    tags: ['discounts', 'billing'],
  },
  {
    slug: 'password-reset',
    question: 'How do I reset my password?',
    alternatives: ["I forgot my password and can't log in", "The password reset email didn't arrive"],
    answer:
      'Choose "Forgot password?" on the sign-in page and enter your account\'s email address. The link works once and expires after 60 minutes. If it doesn\'t arrive, check your spam folder and that you used the address the account was opened with.',
    tags: ['account', 'login', 'password reset'],
  },
  {
    slug: 'change-email',
    question: 'How do I change the email address on my account?',
    alternatives: [
      'I have a new email address, how do I update it?',
      'Can I move my account to another email?',
    ],
    answer:
      'Go to Account settings › Profile and enter the new address. We send a confirmation link to the new address, and the change takes effect once you click it.',
    tags: ['account', 'email change'],
  },
  {
    slug: 'find-my-size',
    question: 'How do I find the right size?',
    alternatives: [
      'Do your clothes run small or large?',
      'What size should I order in the Scree Trail Runner?',
    ],
    answer:
      'Our size guide has chest, waist and foot-length measurements. Clothing is cut to layer; the Saltmarsh Fisherman Sweater runs roomy, so most people size down. Shoes fit true to size; go half a size up for thick socks or wide feet.',
    tags: ['sizes', 'product'],
  },
  {
    slug: 'wash-wool',
    question: 'How should I wash wool and merino?',
    alternatives: ['Can my wool sweater go in the washing machine?', 'How do I stop my knitwear shrinking?'],
    answer:
      'Wash rarely, on a wool programme at 30 °C or by hand in cool water with a wool detergent and no softener. Press the water out in a towel and dry flat, away from heat.',
    tags: ['care', 'wool'],
  },
  {
    slug: 'warranty-cover',
    question: 'What does the warranty cover?',
    alternatives: ['My zip broke after a few months, is that covered?', 'How long is your guarantee?'],
    answer: `Everything is covered for ${S.warrantyYears} years from delivery against faults in materials and workmanship, and tents, packs and cast iron for five. Normal wear, accidents and care-label mishaps aren't covered. Send us the order number and photos and we'll repair, replace or refund.`,
    tags: ['warranty', 'faulty'],
  },
  {
    slug: 'damaged-item',
    question: 'What should I do if my item arrived damaged?',
    alternatives: ['My parcel came broken', 'The bowls were cracked when they arrived'],
    answer:
      "Sorry about that. Take photos of the item and the box, then send them with your order number within 14 days of delivery. We send a replacement or refund, and usually you don't need to send the damaged item back.",
    tags: ['damaged', 'orders'],
  },
  {
    slug: 'missing-item',
    question: 'An item is missing from my parcel. What now?',
    alternatives: ['I only received part of my order', "One thing I ordered wasn't in the box"],
    answer:
      "First check your shipping email: larger orders sometimes travel in two parcels. If everything has arrived and something is still missing, tell us the order number and the item, and we'll check the packing record and send it on.",
    tags: ['missing item', 'orders'],
  },
  {
    slug: 'gift-card-expiry',
    question: 'Do gift cards expire?',
    alternatives: ['How long is a gift card valid?', 'How can I check my gift card balance?'],
    answer: `Gift cards are valid for ${S.giftCardValidityYears} years from purchase; the date is printed on the card. Check the balance in your account under Gift cards, or ask us with the code. Any unused balance stays on the card between orders.`,
    tags: ['gift cards'],
  },
  {
    slug: 'delete-data',
    question: 'How do I get a copy of my data or have it deleted?',
    alternatives: [
      'I want you to erase my personal information',
      'Can I request the data you hold about me?',
    ],
    answer: `Ask in chat or email ${S.privacyEmail} from your account's address. A person on our team confirms your identity and answers within one month. Invoices are kept for seven years by law; everything else can be erased.`,
    tags: ['privacy', 'data request'],
  },
  {
    slug: 'talk-to-person',
    question: 'Can I talk to a real person?',
    alternatives: ['How do I reach customer service?', 'What are your support hours?'],
    answer: `Yes: just ask in chat and I'll hand you over. Our team is online ${S.supportHours}. Outside those hours, leave your email and a colleague replies the next working day.`,
    tags: ['contact', 'agents'],
  },
];

/**
 * The whole knowledge base as store inputs: FAQs first, then articles. All published, locale 'en'.
 * Bodies in their stored form (normalizeBody: the templates above end in a line break), as the admin
 * API and the importers store them, so an export of the seeded data imports back unchanged.
 */
export function demoKnowledgeBase(): NewArticle[] {
  return [
    ...demoFaqs.map((f): NewArticle => ({
      id: `faq-${f.slug}`,
      kind: 'faq',
      title: f.question,
      body: normalizeBody(f.answer),
      alternatives: [...f.alternatives],
      tags: [...f.tags],
      locale: DEMO_LOCALE,
      published: true,
    })),
    ...demoArticles.map((a): NewArticle => ({
      id: `kb-${a.slug}`,
      kind: 'article',
      title: a.title,
      body: normalizeBody(a.body),
      alternatives: [],
      tags: [...a.tags],
      locale: DEMO_LOCALE,
      published: true,
    })),
  ];
}
