package io.attendspark.models.draw;

/**
 * The negative variational bound of DRAW (arXiv:1502.04623v2, eqs. (9)–(12)), batch means in nats
 * per image.
 *
 * @param reconstruction L^x = −log D(x | c_T), Bernoulli, summed over pixels
 * @param kl             L^z = Σ_t KL(Q(Z_t | h^enc_t) ‖ N(0, I))
 */
public record DrawBound(double reconstruction, double kl) {

    /** L^x + L^z, an upper bound on the negative log-likelihood. */
    public double total() {
        return reconstruction + kl;
    }
}
